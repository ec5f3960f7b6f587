import type { DomainSpec } from './domain-spec.types';
import type { SeededRandom } from './sample-random.helpers';

const money = (r: SeededRandom): string => String(r.int(2, 980) * 10);

export const FINANCE: DomainSpec = {
  name: 'finance',
  slots: {
    bank: [
      'Harbor Trust Bank',
      'Eastwind Savings',
      'Linden Commercial Bank',
      'Northgate Credit Union',
      'Silver Pine Bank',
      'Meridian Capital Bank',
    ],
    bankZh: [
      '海岳商业银行',
      '东川储蓄银行',
      '临江农商银行',
      '北辰信用社',
      '银松银行',
      '明远资本银行',
    ],
    firm: [
      'Qinghe Logistics',
      'Blue Delta Foods',
      'Aster Robotics',
      'Fenwick Textiles',
      'Granite Solar',
      'Riverbend Pharma',
      'Lumen Retail',
    ],
    firmZh: [
      '清河物流',
      '蓝洲食品',
      '星辰机器人',
      '锦华纺织',
      '岩光新能源',
      '川泽制药',
      '明灯零售',
    ],
    sector: [
      'manufacturing',
      'consumer retail',
      'renewable energy',
      'logistics',
      'healthcare',
      'property development',
      'agriculture',
    ],
    sectorZh: ['制造业', '消费零售', '新能源', '物流', '医疗健康', '房地产开发', '农业'],
    metric: [
      'net interest margin',
      'non-performing loan ratio',
      'capital adequacy ratio',
      'return on equity',
      'operating cash flow',
      'cost-to-income ratio',
    ],
    metricZh: ['净息差', '不良贷款率', '资本充足率', '净资产收益率', '经营性现金流', '成本收入比'],
    verb: ['rose', 'fell', 'edged up', 'slipped', 'climbed', 'declined'],
    verbZh: ['上升', '下降', '小幅走高', '略有回落', '明显攀升', '持续下滑'],
    quarter: ['first', 'second', 'third', 'fourth'],
    quarterZh: ['一', '二', '三', '四'],
    pct: (r) => r.decimal(0.3, 18, 1),
    bp: (r) => String(r.int(5, 75)),
    money,
    year: (r) => String(r.int(2015, 2025)),
    analyst: ['Mei Lin', 'Daniel Ortiz', 'Priya Nair', 'Zhou Wen', 'Hannah Becker', 'Tomas Novak'],
    analystZh: ['林梅', '周文', '陈思远', '王立群', '赵一鸣', '孙晓晴'],
    risk: [
      'interest rate risk',
      'liquidity risk',
      'credit concentration',
      'currency mismatch',
      'refinancing risk',
    ],
    riskZh: ['利率风险', '流动性风险', '信贷集中度', '汇率错配', '再融资风险'],
  },
  enSentences: [
    'In the {quarter} quarter of {year}, {bank} reported that its {metric} {verb} to {pct} percent, a change that the board attributed to {sector} lending.',
    '{analyst}, who covers the banking sector, said the figures showed that deposit costs had stopped rising faster than loan yields.',
    'The treasury team of {firm} refinanced a bond of {money} million yuan at a coupon {bp} basis points lower than the one it replaced.',
    'Regulators asked lenders with heavy exposure to {sector} to hold extra provisions until the outlook for cash flows becomes clearer.',
    'Because most of the loan book reprices within a year, a cut of {bp} basis points in the policy rate would reach earnings quickly.',
    'Management expects the {metric} to stabilise once the older, higher-cost time deposits mature over the next two quarters.',
    '{firm} said that revenue grew {pct} percent while its working capital cycle shortened by {bp} days thanks to faster collections.',
    'The main concern for investors remains {risk}, which the annual report discusses at length in its section on stress testing.',
    'An internal audit found that loan officers at two branches had approved credit lines without checking the collateral valuations.',
    'Small businesses in {sector} borrowed {money} million yuan through the new guarantee scheme, most of it for equipment and inventory.',
    'The bank plans to issue perpetual bonds worth {money} million yuan to strengthen its core tier one capital before the new rules apply.',
    'According to {analyst}, the yield curve flattened as investors moved into long-dated government bonds ahead of the data release.',
    'Fee income from wealth management products {verb} by {pct} percent, offsetting part of the pressure on the lending margin.',
    'A household that saves {money} yuan a month at an annual return of {pct} percent will see compounding matter more than the rate itself.',
    'The audit committee of {firm} recommended that the company hedge at least half of its expected foreign currency receipts.',
    'Credit card delinquencies {verb} in the {quarter} quarter, and the bank tightened approval standards for applicants without a payroll history.',
    'Investors should compare the {metric} across several years rather than read too much into a single reporting period.',
    'The provincial branch of {bank} opened {bp} new outlets in rural counties where mobile payments are replacing cash.',
  ],
  zhSentences: [
    '{year}年第{quarterZh}季度，{bankZh}的{metricZh}{verbZh}至{pct}%，管理层认为这与{sectorZh}贷款投放节奏有关。',
    '长期跟踪银行业的分析师{analystZh}表示，存款成本的上升速度已经慢于贷款收益率的变化。',
    '{firmZh}的财务部门以低于原利率{bp}个基点的票面利率，对一笔{money}万元的债券进行了再融资。',
    '监管部门要求对{sectorZh}敞口较大的银行多计提拨备，直到现金流前景更加明朗。',
    '由于大部分贷款在一年内重新定价，政策利率每下调{bp}个基点都会较快地反映到利润上。',
    '管理层预计，随着高成本定期存款在未来两个季度陆续到期，{metricZh}将趋于稳定。',
    '{firmZh}披露，营业收入同比增长{pct}%，应收账款回收加快使营运资金周期缩短了{bp}天。',
    '投资者最关注的仍然是{riskZh}，年报在压力测试部分对此作了详细说明。',
    '内部审计发现，两家支行的信贷人员在未核实抵押物估值的情况下就批准了授信额度。',
    '{sectorZh}领域的小微企业通过新的担保计划共获得{money}万元贷款，主要用于购置设备和补充库存。',
    '{bankZh}计划发行{money}万元永续债，在新规实施前补充核心一级资本。',
    '{analystZh}指出，在数据公布之前投资者纷纷买入长期国债，收益率曲线因此趋于平坦。',
    '理财业务手续费收入{verbZh}{pct}%，在一定程度上缓解了息差收窄带来的压力。',
    '一个家庭如果每月储蓄{money}元、年化收益率为{pct}%，长期来看复利的作用比利率高低更重要。',
    '{firmZh}审计委员会建议公司对预期外汇收入的至少一半进行套期保值。',
    '第{quarterZh}季度信用卡逾期率{verbZh}，银行因此收紧了对没有工资流水申请人的审批标准。',
    '投资者应当比较多个年度的{metricZh}，而不是只看单个报告期的数据。',
    '{bankZh}省分行在移动支付逐步取代现金的县域新开设了{bp}个网点。',
  ],
  enPiiSentences: [
    'For questions about the statement, the client can be reached at {email} or {phone}.',
    'The transfer was made from card {card} and the account holder ID on file is {id}.',
    'Our relationship manager in London answers on {intl}; the login came from {ip}.',
  ],
  zhPiiSentences: [
    '如对账单有疑问，请联系客户经理，邮箱 {email}，手机 {phone}。',
    '该笔转账的付款卡号为{card}，开户人身份证号{id}。',
    '系统记录显示本次登录来自 {ip}，海外联系电话 {intl}。',
  ],
  terms: [
    {
      en: 'net interest margin',
      zh: '净息差',
      defEn:
        'the difference between the interest a bank earns on loans and pays on deposits, divided by its earning assets',
      defZh: '银行生息资产收益与付息负债成本之差除以生息资产的比率',
      exampleEn:
        'a bank earning 4.2% on its loans and paying 2.1% on its deposits keeps a spread of about 2.1 points',
      exampleZh: '贷款收益率4.2%、存款成本2.1%的银行，利差约为2.1个百分点',
    },
    {
      en: 'non-performing loan',
      zh: '不良贷款',
      defEn:
        'a loan on which the borrower has stopped paying interest or principal for 90 days or more',
      defZh: '借款人逾期90天以上未偿还本金或利息的贷款',
      exampleEn: 'a factory owner who has missed three quarterly repayments in a row',
      exampleZh: '厂房借款人连续三个季度没有偿还本息',
    },
    {
      en: 'capital adequacy ratio',
      zh: '资本充足率',
      defEn:
        "a bank's capital divided by its risk-weighted assets, showing how much loss it can absorb",
      defZh: '银行资本与风险加权资产之比，反映其吸收损失的能力',
      exampleEn:
        'a bank holding 12 billion of capital against 100 billion of risk-weighted assets stands at 12%',
      exampleZh: '持有120亿元资本、风险加权资产1000亿元的银行，这一比例为12%',
    },
    {
      en: 'compound interest',
      zh: '复利',
      defEn: 'interest calculated on both the original principal and the interest already earned',
      defZh: '按本金加上已产生利息共同计息的方式',
      exampleEn:
        "10,000 yuan at 5% a year grows to about 16,289 yuan after ten years because each year's interest also earns interest",
      exampleZh: '1万元按年利率5%计息、利息滚入本金，十年后约为16289元',
    },
    {
      en: 'liquidity coverage ratio',
      zh: '流动性覆盖率',
      defEn:
        'high-quality liquid assets divided by the net cash outflow expected over a 30-day stress period',
      defZh: '优质流动性资产与未来30天压力情景下净现金流出之比',
      exampleEn:
        'a bank with 130 of liquid assets against 100 of stressed outflows over a month stands at 130%',
      exampleZh: '优质流动性资产130、30天压力情景净流出100的银行，该指标为130%',
    },
    {
      en: 'duration',
      zh: '久期',
      defEn:
        "the weighted average time until a bond's cash flows are received, which measures its sensitivity to interest rates",
      defZh: '债券现金流回收时间的加权平均，用于衡量价格对利率的敏感度',
      exampleEn: 'a bond whose price falls about 6% when yields rise by one percentage point',
      exampleZh: '收益率上升1个百分点时价格约下跌6%的债券',
    },
    {
      en: 'diversification',
      zh: '分散投资',
      defEn:
        'spreading money across assets whose returns do not move together, so that one loss does not dominate',
      defZh: '把资金分配到走势不完全一致的多种资产上，避免单一损失主导结果',
      exampleEn:
        'holding bonds, equities and cash so that a stock market fall hurts only part of the portfolio',
      exampleZh: '同时持有债券、股票和现金，股市下跌只影响组合的一部分',
    },
    {
      en: 'working capital',
      zh: '营运资金',
      defEn:
        'current assets minus current liabilities, the money a firm has to run its daily operations',
      defZh: '流动资产减去流动负债，是企业日常经营可用的资金',
      exampleEn:
        'a retailer with 50 million of inventory and receivables and 30 million of payables has 20 million to run its shops',
      exampleZh: '存货和应收款共5000万元、应付款3000万元的零售商，日常经营可用2000万元',
    },
    {
      en: 'credit score',
      zh: '信用评分',
      defEn:
        "a number that summarises a borrower's repayment history and predicts the chance of default",
      defZh: '根据借款人还款记录得出的分数，用于预测违约概率',
      exampleEn:
        'an applicant who has paid every card bill on time for five years is offered a lower loan rate',
      exampleZh: '五年来每期信用卡账单都按时还款的申请人获得更低的贷款利率',
    },
    {
      en: 'hedging',
      zh: '套期保值',
      defEn:
        'taking an offsetting position so that a price move in one asset is balanced by the other',
      defZh: '建立相反头寸，使一种资产的价格变动被另一头寸抵消',
      exampleEn:
        'an exporter sells dollars forward so that a weaker dollar does not cut its yuan revenue',
      exampleZh: '出口企业远期卖出美元，避免美元贬值减少人民币收入',
    },
    {
      en: 'price-to-earnings ratio',
      zh: '市盈率',
      defEn:
        'a share price divided by earnings per share, showing how much investors pay for each unit of profit',
      defZh: '股价除以每股收益，表示投资者为每一元利润支付的价格',
      exampleEn: 'a share at 30 yuan with earnings of 2 yuan per share trades at 15 times earnings',
      exampleZh: '股价30元、每股收益2元的股票，估值为15倍',
    },
    {
      en: 'inflation',
      zh: '通货膨胀',
      defEn: 'a general rise in prices that reduces what a unit of money can buy',
      defZh: '物价普遍上涨、货币购买力下降的现象',
      exampleEn: 'with prices up 3% in a year, 100 yuan buys what 97 yuan bought a year earlier',
      exampleZh: '物价一年上涨3%，今天的100元只相当于一年前的约97元',
    },
    {
      en: 'collateral',
      zh: '抵押品',
      defEn:
        'an asset a borrower pledges to a lender, which the lender may sell if the loan is not repaid',
      defZh: '借款人向贷款人提供担保的资产，借款人违约时贷款人可以处置',
      exampleEn: 'a family pledges its flat to the bank to secure a home loan',
      exampleZh: '一家人把自己的住房押给银行，以取得住房贷款',
    },
    {
      en: 'dividend',
      zh: '股息',
      defEn: "the part of a company's profit that it pays out to its shareholders",
      defZh: '公司从利润中分配给股东的部分',
      exampleEn: 'a company pays 0.5 yuan in cash for every share an investor holds',
      exampleZh: '公司按每股0.5元向持股的投资者派发现金',
    },
  ],
  audiences: [
    {
      en: 'a first-time investor',
      zh: '第一次投资的人',
      tipEn:
        'Start small, keep an emergency fund of several months of expenses, and never borrow to invest.',
      tipZh: '先从小额开始，预留几个月的应急资金，不要借钱投资。',
    },
    {
      en: 'a small business owner',
      zh: '小微企业主',
      tipEn:
        'Track cash weekly and agree credit lines before you need them, not when cash is already short.',
      tipZh: '每周盘点现金流，在资金紧张之前就谈好授信额度。',
    },
    {
      en: 'a bank credit officer',
      zh: '银行信贷员',
      tipEn:
        'Check the collateral yourself and read the cash flow statement before the income statement.',
      tipZh: '亲自核实抵押物，先看现金流量表再看利润表。',
    },
    {
      en: 'a university student',
      zh: '大学生',
      tipEn:
        'Pay card balances in full each month; interest on revolving credit is far higher than any savings rate.',
      tipZh: '信用卡每月全额还款，循环利息远高于任何存款利率。',
    },
    {
      en: 'a retiree',
      zh: '退休人员',
      tipEn:
        'Prefer products you understand, and be wary of anyone who promises high returns with no risk.',
      tipZh: '优先选择自己看得懂的产品，警惕"高收益无风险"的承诺。',
    },
  ],
};
