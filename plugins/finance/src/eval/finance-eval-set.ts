import type { MultipleChoiceItem } from '@alloy/plugin-sdk';

/** The finance multiple-choice set that Alloy ships as libs/data/sample-data/finance/eval-mc.jsonl, carried here because a plugin carries its own data. */
export const FINANCE_EVAL_SET: readonly MultipleChoiceItem[] = [
  {
    id: 'finance-001',
    question: '某股票股价为55元，每股收益为5元，其市盈率是多少倍？',
    choices: ['11', '275', '0.09', '13'],
    answer: 0,
  },
  {
    id: 'finance-002',
    question: '下列哪一项最准确地描述了资本充足率？',
    choices: [
      '股价除以每股收益，表示投资者为每一元利润支付的价格',
      '银行资本与风险加权资产之比，反映其吸收损失的能力',
      '按本金加上已产生利息共同计息的方式',
      '银行生息资产收益与付息负债成本之差除以生息资产的比率',
    ],
    answer: 1,
  },
  {
    id: 'finance-003',
    question: '某股票股价为64元，每股收益为1元，其市盈率是多少倍？',
    choices: ['66', '57.6', '64', '0.02'],
    answer: 2,
  },
  {
    id: 'finance-004',
    question:
      'A bank holds 14 billion of capital against 100 billion of risk-weighted assets. What is its capital adequacy ratio in percent?',
    choices: ['14', '18', '7', '86'],
    answer: 0,
  },
  {
    id: 'finance-005',
    question: '一家企业流动资产为89百万元，流动负债为54百万元，营运资金是多少百万元？',
    choices: ['143', '89', '54', '35'],
    answer: 3,
  },
  {
    id: 'finance-006',
    question:
      'An amount of 8000 yuan is invested at 4% a year, compounded annually. What is it worth after 5 years (rounded to the nearest yuan)?',
    choices: ['9600', '9359', '9733', '10220'],
    answer: 2,
  },
  {
    id: 'finance-007',
    question: '某股票股价为15元，每股收益为4元，其市盈率是多少倍？',
    choices: ['3.75', '60', '0.27', '5.75'],
    answer: 0,
  },
  {
    id: 'finance-008',
    question:
      'A bank holds 15 billion of capital against 100 billion of risk-weighted assets. What is its capital adequacy ratio in percent?',
    choices: ['7.5', '19', '15', '85'],
    answer: 2,
  },
  {
    id: 'finance-009',
    question: '下列哪一项最准确地描述了净息差？',
    choices: [
      '按本金加上已产生利息共同计息的方式',
      '把资金分配到走势不完全一致的多种资产上，避免单一损失主导结果',
      '银行生息资产收益与付息负债成本之差除以生息资产的比率',
      '流动资产减去流动负债，是企业日常经营可用的资金',
    ],
    answer: 2,
  },
  {
    id: 'finance-010',
    question: '一家企业流动资产为67百万元，流动负债为19百万元，营运资金是多少百万元？',
    choices: ['48', '86', '19', '67'],
    answer: 0,
  },
  {
    id: 'finance-011',
    question: '一家企业流动资产为71百万元，流动负债为63百万元，营运资金是多少百万元？',
    choices: ['8', '134', '63', '71'],
    answer: 0,
  },
  {
    id: 'finance-012',
    question: '一家企业流动资产为54百万元，流动负债为33百万元，营运资金是多少百万元？',
    choices: ['33', '87', '21', '54'],
    answer: 2,
  },
  {
    id: 'finance-013',
    question: '一家企业流动资产为71百万元，流动负债为38百万元，营运资金是多少百万元？',
    choices: ['33', '109', '38', '71'],
    answer: 0,
  },
  {
    id: 'finance-014',
    question:
      'A bank holds 18 billion of capital against 100 billion of risk-weighted assets. What is its capital adequacy ratio in percent?',
    choices: ['18', '82', '22', '9'],
    answer: 0,
  },
  {
    id: 'finance-015',
    question: '下列哪一项最准确地描述了套期保值？',
    choices: [
      '流动资产减去流动负债，是企业日常经营可用的资金',
      '根据借款人还款记录得出的分数，用于预测违约概率',
      '物价普遍上涨、货币购买力下降的现象',
      '建立相反头寸，使一种资产的价格变动被另一头寸抵消',
    ],
    answer: 3,
  },
  {
    id: 'finance-016',
    question: 'Which of the following best describes capital adequacy ratio?',
    choices: [
      "A bank's capital divided by its risk-weighted assets, showing how much loss it can absorb",
      'The difference between the interest a bank earns on loans and pays on deposits, divided by its earning assets',
      'Interest calculated on both the original principal and the interest already earned',
      'High-quality liquid assets divided by the net cash outflow expected over a 30-day stress period',
    ],
    answer: 0,
  },
  {
    id: 'finance-017',
    question: 'Which of the following best describes credit score?',
    choices: [
      'The difference between the interest a bank earns on loans and pays on deposits, divided by its earning assets',
      "A number that summarises a borrower's repayment history and predicts the chance of default",
      'Interest calculated on both the original principal and the interest already earned',
      'Taking an offsetting position so that a price move in one asset is balanced by the other',
    ],
    answer: 1,
  },
  {
    id: 'finance-018',
    question: 'Which of the following best describes duration?',
    choices: [
      'Interest calculated on both the original principal and the interest already earned',
      'High-quality liquid assets divided by the net cash outflow expected over a 30-day stress period',
      'Taking an offsetting position so that a price move in one asset is balanced by the other',
      "The weighted average time until a bond's cash flows are received, which measures its sensitivity to interest rates",
    ],
    answer: 3,
  },
  {
    id: 'finance-019',
    question: '某股票股价为52元，每股收益为4元，其市盈率是多少倍？',
    choices: ['0.08', '13', '208', '15'],
    answer: 1,
  },
  {
    id: 'finance-020',
    question: '某股票股价为47元，每股收益为4元，其市盈率是多少倍？',
    choices: ['188', '11.75', '0.09', '13.75'],
    answer: 1,
  },
  {
    id: 'finance-021',
    question: '下列哪一项最准确地描述了通货膨胀？',
    choices: [
      '债券现金流回收时间的加权平均，用于衡量价格对利率的敏感度',
      '把资金分配到走势不完全一致的多种资产上，避免单一损失主导结果',
      '优质流动性资产与未来30天压力情景下净现金流出之比',
      '物价普遍上涨、货币购买力下降的现象',
    ],
    answer: 3,
  },
  {
    id: 'finance-022',
    question: 'Which of the following best describes working capital?',
    choices: [
      "The weighted average time until a bond's cash flows are received, which measures its sensitivity to interest rates",
      'High-quality liquid assets divided by the net cash outflow expected over a 30-day stress period',
      'Current assets minus current liabilities, the money a firm has to run its daily operations',
      'A general rise in prices that reduces what a unit of money can buy',
    ],
    answer: 2,
  },
  {
    id: 'finance-023',
    question: '某股票股价为22元，每股收益为2元，其市盈率是多少倍？',
    choices: ['11', '13', '44', '0.09'],
    answer: 0,
  },
  {
    id: 'finance-024',
    question: '某股票股价为81元，每股收益为4元，其市盈率是多少倍？',
    choices: ['324', '20.25', '0.05', '22.25'],
    answer: 1,
  },
  {
    id: 'finance-025',
    question: '某股票股价为14元，每股收益为1元，其市盈率是多少倍？',
    choices: ['0.07', '15.4', '16', '14'],
    answer: 3,
  },
  {
    id: 'finance-026',
    question: '某股票股价为39元，每股收益为5元，其市盈率是多少倍？',
    choices: ['9.8', '7.8', '0.13', '195'],
    answer: 1,
  },
  {
    id: 'finance-027',
    question:
      'A bank holds 9 billion of capital against 100 billion of risk-weighted assets. What is its capital adequacy ratio in percent?',
    choices: ['4.5', '9', '91', '13'],
    answer: 1,
  },
  {
    id: 'finance-028',
    question: '一家企业流动资产为34百万元，流动负债为19百万元，营运资金是多少百万元？',
    choices: ['34', '53', '19', '15'],
    answer: 3,
  },
  {
    id: 'finance-029',
    question: '某股票股价为42元，每股收益为5元，其市盈率是多少倍？',
    choices: ['0.12', '10.4', '8.4', '210'],
    answer: 2,
  },
  {
    id: 'finance-030',
    question: 'Which of the following best describes compound interest?',
    choices: [
      'Current assets minus current liabilities, the money a firm has to run its daily operations',
      'Interest calculated on both the original principal and the interest already earned',
      'The difference between the interest a bank earns on loans and pays on deposits, divided by its earning assets',
      "A bank's capital divided by its risk-weighted assets, showing how much loss it can absorb",
    ],
    answer: 1,
  },
  {
    id: 'finance-031',
    question: '下列哪一项最准确地描述了流动性覆盖率？',
    choices: [
      '优质流动性资产与未来30天压力情景下净现金流出之比',
      '把资金分配到走势不完全一致的多种资产上，避免单一损失主导结果',
      '借款人逾期90天以上未偿还本金或利息的贷款',
      '银行资本与风险加权资产之比，反映其吸收损失的能力',
    ],
    answer: 0,
  },
  {
    id: 'finance-032',
    question:
      'An amount of 3000 yuan is invested at 8% a year, compounded annually. What is it worth after 2 years (rounded to the nearest yuan)?',
    choices: ['3499', '3480', '3240', '3674'],
    answer: 0,
  },
  {
    id: 'finance-033',
    question: '某股票股价为72元，每股收益为4元，其市盈率是多少倍？',
    choices: ['18', '288', '20', '0.06'],
    answer: 0,
  },
  {
    id: 'finance-034',
    question: '某股票股价为61元，每股收益为1元，其市盈率是多少倍？',
    choices: ['63', '0.02', '61', '67.1'],
    answer: 2,
  },
  {
    id: 'finance-035',
    question:
      'A bank holds 8 billion of capital against 100 billion of risk-weighted assets. What is its capital adequacy ratio in percent?',
    choices: ['12', '8', '4', '92'],
    answer: 1,
  },
  {
    id: 'finance-036',
    question:
      'An amount of 14000 yuan is invested at 3% a year, compounded annually. What is it worth after 2 years (rounded to the nearest yuan)?',
    choices: ['14420', '14853', '14840', '15596'],
    answer: 1,
  },
  {
    id: 'finance-037',
    question: '下列哪一项最准确地描述了分散投资？',
    choices: [
      '流动资产减去流动负债，是企业日常经营可用的资金',
      '把资金分配到走势不完全一致的多种资产上，避免单一损失主导结果',
      '物价普遍上涨、货币购买力下降的现象',
      '借款人逾期90天以上未偿还本金或利息的贷款',
    ],
    answer: 1,
  },
  {
    id: 'finance-038',
    question: '一家企业流动资产为39百万元，流动负债为15百万元，营运资金是多少百万元？',
    choices: ['54', '24', '39', '15'],
    answer: 1,
  },
  {
    id: 'finance-039',
    question: 'Which of the following best describes diversification?',
    choices: [
      'Spreading money across assets whose returns do not move together, so that one loss does not dominate',
      "A number that summarises a borrower's repayment history and predicts the chance of default",
      "The weighted average time until a bond's cash flows are received, which measures its sensitivity to interest rates",
      'A share price divided by earnings per share, showing how much investors pay for each unit of profit',
    ],
    answer: 0,
  },
  {
    id: 'finance-040',
    question: '一家企业流动资产为84百万元，流动负债为19百万元，营运资金是多少百万元？',
    choices: ['103', '65', '19', '84'],
    answer: 1,
  },
  {
    id: 'finance-041',
    question: '下列哪一项最准确地描述了市盈率？',
    choices: [
      '股价除以每股收益，表示投资者为每一元利润支付的价格',
      '债券现金流回收时间的加权平均，用于衡量价格对利率的敏感度',
      '按本金加上已产生利息共同计息的方式',
      '把资金分配到走势不完全一致的多种资产上，避免单一损失主导结果',
    ],
    answer: 0,
  },
  {
    id: 'finance-042',
    question: 'Which of the following best describes inflation?',
    choices: [
      'A general rise in prices that reduces what a unit of money can buy',
      "A bank's capital divided by its risk-weighted assets, showing how much loss it can absorb",
      "The weighted average time until a bond's cash flows are received, which measures its sensitivity to interest rates",
      'Taking an offsetting position so that a price move in one asset is balanced by the other',
    ],
    answer: 0,
  },
  {
    id: 'finance-043',
    question: '下列哪一项最准确地描述了不良贷款？',
    choices: [
      '物价普遍上涨、货币购买力下降的现象',
      '优质流动性资产与未来30天压力情景下净现金流出之比',
      '借款人逾期90天以上未偿还本金或利息的贷款',
      '建立相反头寸，使一种资产的价格变动被另一头寸抵消',
    ],
    answer: 2,
  },
  {
    id: 'finance-044',
    question:
      'A bank holds 12 billion of capital against 100 billion of risk-weighted assets. What is its capital adequacy ratio in percent?',
    choices: ['88', '12', '16', '6'],
    answer: 1,
  },
  {
    id: 'finance-045',
    question:
      'An amount of 11000 yuan is invested at 6% a year, compounded annually. What is it worth after 3 years (rounded to the nearest yuan)?',
    choices: ['12980', '13101', '13756', '12360'],
    answer: 1,
  },
  {
    id: 'finance-046',
    question: 'Which of the following best describes liquidity coverage ratio?',
    choices: [
      'Current assets minus current liabilities, the money a firm has to run its daily operations',
      'High-quality liquid assets divided by the net cash outflow expected over a 30-day stress period',
      'Taking an offsetting position so that a price move in one asset is balanced by the other',
      'The difference between the interest a bank earns on loans and pays on deposits, divided by its earning assets',
    ],
    answer: 1,
  },
  {
    id: 'finance-047',
    question: 'Which of the following best describes hedging?',
    choices: [
      'Taking an offsetting position so that a price move in one asset is balanced by the other',
      'Current assets minus current liabilities, the money a firm has to run its daily operations',
      "A number that summarises a borrower's repayment history and predicts the chance of default",
      'A general rise in prices that reduces what a unit of money can buy',
    ],
    answer: 0,
  },
  {
    id: 'finance-048',
    question: '下列哪一项最准确地描述了信用评分？',
    choices: [
      '借款人逾期90天以上未偿还本金或利息的贷款',
      '流动资产减去流动负债，是企业日常经营可用的资金',
      '银行资本与风险加权资产之比，反映其吸收损失的能力',
      '根据借款人还款记录得出的分数，用于预测违约概率',
    ],
    answer: 3,
  },
  {
    id: 'finance-049',
    question:
      'A bank holds 16 billion of capital against 100 billion of risk-weighted assets. What is its capital adequacy ratio in percent?',
    choices: ['16', '84', '20', '8'],
    answer: 0,
  },
  {
    id: 'finance-050',
    question:
      'A bank holds 17 billion of capital against 100 billion of risk-weighted assets. What is its capital adequacy ratio in percent?',
    choices: ['17', '83', '8.5', '21'],
    answer: 0,
  },
  {
    id: 'finance-051',
    question: '下列哪一项最准确地描述了久期？',
    choices: [
      '把资金分配到走势不完全一致的多种资产上，避免单一损失主导结果',
      '根据借款人还款记录得出的分数，用于预测违约概率',
      '债券现金流回收时间的加权平均，用于衡量价格对利率的敏感度',
      '股价除以每股收益，表示投资者为每一元利润支付的价格',
    ],
    answer: 2,
  },
  {
    id: 'finance-052',
    question: '下列哪一项最准确地描述了营运资金？',
    choices: [
      '流动资产减去流动负债，是企业日常经营可用的资金',
      '根据借款人还款记录得出的分数，用于预测违约概率',
      '债券现金流回收时间的加权平均，用于衡量价格对利率的敏感度',
      '银行资本与风险加权资产之比，反映其吸收损失的能力',
    ],
    answer: 0,
  },
  {
    id: 'finance-053',
    question: '一家企业流动资产为36百万元，流动负债为31百万元，营运资金是多少百万元？',
    choices: ['5', '67', '36', '31'],
    answer: 0,
  },
  {
    id: 'finance-054',
    question: '下列哪一项最准确地描述了复利？',
    choices: [
      '债券现金流回收时间的加权平均，用于衡量价格对利率的敏感度',
      '按本金加上已产生利息共同计息的方式',
      '银行生息资产收益与付息负债成本之差除以生息资产的比率',
      '根据借款人还款记录得出的分数，用于预测违约概率',
    ],
    answer: 1,
  },
  {
    id: 'finance-055',
    question: '某股票股价为48元，每股收益为1元，其市盈率是多少倍？',
    choices: ['48', '50', '0.02', '43.2'],
    answer: 0,
  },
  {
    id: 'finance-056',
    question: 'Which of the following best describes price-to-earnings ratio?',
    choices: [
      'The difference between the interest a bank earns on loans and pays on deposits, divided by its earning assets',
      'A share price divided by earnings per share, showing how much investors pay for each unit of profit',
      "A bank's capital divided by its risk-weighted assets, showing how much loss it can absorb",
      'Spreading money across assets whose returns do not move together, so that one loss does not dominate',
    ],
    answer: 1,
  },
  {
    id: 'finance-057',
    question: '某股票股价为52元，每股收益为2元，其市盈率是多少倍？',
    choices: ['104', '26', '28', '0.04'],
    answer: 1,
  },
  {
    id: 'finance-058',
    question:
      'An amount of 11000 yuan is invested at 8% a year, compounded annually. What is it worth after 4 years (rounded to the nearest yuan)?',
    choices: ['14965', '13857', '15713', '14520'],
    answer: 0,
  },
  {
    id: 'finance-059',
    question: 'Which of the following best describes non-performing loan?',
    choices: [
      "The weighted average time until a bond's cash flows are received, which measures its sensitivity to interest rates",
      'A loan on which the borrower has stopped paying interest or principal for 90 days or more',
      'Interest calculated on both the original principal and the interest already earned',
      'A general rise in prices that reduces what a unit of money can buy',
    ],
    answer: 1,
  },
  {
    id: 'finance-060',
    question:
      'An amount of 20000 yuan is invested at 4% a year, compounded annually. What is it worth after 5 years (rounded to the nearest yuan)?',
    choices: ['24333', '25550', '23397', '24000'],
    answer: 0,
  },
  {
    id: 'finance-061',
    question:
      'An amount of 2000 yuan is invested at 3% a year, compounded annually. What is it worth after 3 years (rounded to the nearest yuan)?',
    choices: ['2122', '2180', '2185', '2294'],
    answer: 2,
  },
  {
    id: 'finance-062',
    question:
      'A bank holds 20 billion of capital against 100 billion of risk-weighted assets. What is its capital adequacy ratio in percent?',
    choices: ['80', '10', '20', '24'],
    answer: 2,
  },
  {
    id: 'finance-063',
    question: '某股票股价为90元，每股收益为1元，其市盈率是多少倍？',
    choices: ['92', '81', '90', '0.01'],
    answer: 2,
  },
  {
    id: 'finance-064',
    question: 'Which of the following best describes net interest margin?',
    choices: [
      'A general rise in prices that reduces what a unit of money can buy',
      'The difference between the interest a bank earns on loans and pays on deposits, divided by its earning assets',
      'High-quality liquid assets divided by the net cash outflow expected over a 30-day stress period',
      'Interest calculated on both the original principal and the interest already earned',
    ],
    answer: 1,
  },
];
