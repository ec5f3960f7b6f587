import type { DomainSpec } from './domain-spec.types';
import { numericChoices } from './mc-choices.helpers';

export const MEDICAL: DomainSpec = {
  name: 'medical',
  slots: {
    hospital: [
      'Lakeside General Hospital',
      'Westbrook Medical Centre',
      'Yunhe County Hospital',
      'St. Aldric Clinic',
      "Harmony Children's Hospital",
    ],
    hospitalZh: ['湖畔综合医院', '西溪医学中心', '云河县人民医院', '仁和诊所', '和谐儿童医院'],
    condition: [
      'type 2 diabetes',
      'hypertension',
      'community-acquired pneumonia',
      'asthma',
      'chronic kidney disease',
      'iron-deficiency anaemia',
      'migraine',
    ],
    conditionZh: [
      '2型糖尿病',
      '高血压',
      '社区获得性肺炎',
      '哮喘',
      '慢性肾脏病',
      '缺铁性贫血',
      '偏头痛',
    ],
    drug: [
      'metformin',
      'amlodipine',
      'amoxicillin',
      'salbutamol',
      'ferrous sulfate',
      'ibuprofen',
      'lisinopril',
    ],
    drugZh: ['二甲双胍', '氨氯地平', '阿莫西林', '沙丁胺醇', '硫酸亚铁', '布洛芬', '赖诺普利'],
    dept: [
      'cardiology',
      'paediatrics',
      'emergency medicine',
      'endocrinology',
      'respiratory medicine',
      'nephrology',
    ],
    deptZh: ['心内科', '儿科', '急诊科', '内分泌科', '呼吸内科', '肾内科'],
    doctor: [
      'Dr. Helen Zhao',
      'Dr. Marcus Reed',
      'Dr. Anita Rao',
      'Dr. Liu Qiang',
      'Dr. Sofia Marin',
    ],
    doctorZh: ['赵海伦医生', '刘强主任', '许安然医生', '何振华教授', '李静医生'],
    age: (r) => String(r.int(18, 86)),
    n: (r) => String(r.int(40, 900)),
    pct: (r) => r.decimal(1, 40, 1),
    dose: (r) => String(r.pick([5, 10, 20, 250, 500, 850])),
    days: (r) => String(r.int(3, 14)),
    bp: (r) => `${r.int(125, 175)}/${r.int(80, 105)}`,
    year: (r) => String(r.int(2016, 2025)),
  },
  enSentences: [
    'At {hospital}, the {dept} team reviewed {n} patients with {condition} and found that {pct} percent had not reached their treatment target.',
    'A {age}-year-old patient presented with a blood pressure of {bp} mmHg and was started on {drug} after lifestyle advice.',
    '{doctor} reminded colleagues that {drug} should be taken with food and that kidney function must be checked before the dose is raised.',
    'The ward introduced a checklist for {condition} admissions, which cut the average stay by {days} days without more readmissions.',
    'Nurses recorded that most missed doses happened during shift changes, so the pharmacy moved the evening round by one hour.',
    'Patients with {condition} were asked to keep a simple diary of symptoms, which helped clinicians adjust therapy at follow-up.',
    'In a {year} audit, {pct} percent of antibiotic prescriptions for {condition} did not follow the local guideline on duration.',
    'The course of {drug} lasts {days} days, and the patient should return if the fever has not settled within three days.',
    'Before discharge, the team explained warning signs such as chest pain, shortness of breath and confusion that require urgent care.',
    '{doctor} noted that a dose of {dose} mg once daily is usually enough for adults with normal liver and kidney function.',
    'Screening in the community clinic found {n} residents with undiagnosed {condition}, most of whom were older than {age}.',
    'The department of {dept} now reviews every readmission within thirty days to see whether it could have been prevented.',
    'Families were shown how to use a spacer with the inhaler, since poor technique explains many failures of asthma treatment.',
    'Laboratory results showed a haemoglobin level below the reference range, and the patient was referred to {dept} for further tests.',
    'Telephone follow-up after discharge reached {pct} percent more patients than the previous system of letters.',
    'Clinicians should record allergies clearly because a missed penicillin allergy can turn a routine prescription into an emergency.',
    'The trial at {hospital} enrolled {n} adults and measured whether a pharmacist visit improved adherence to {drug}.',
  ],
  zhSentences: [
    '{hospitalZh}{deptZh}回顾了{n}例{conditionZh}患者，发现其中{pct}%尚未达到治疗目标。',
    '一名{age}岁患者就诊时血压为{bp}毫米汞柱，在生活方式指导后开始服用{drugZh}。',
    '{doctorZh}提醒同事，{drugZh}应随餐服用，加量前必须复查肾功能。',
    '病房对{conditionZh}住院患者引入了核查清单，平均住院日缩短了{days}天，再入院率没有上升。',
    '护士记录显示，漏服药物多发生在交接班期间，于是药房把晚间发药时间推迟了一小时。',
    '医生请{conditionZh}患者坚持记录简单的症状日记，复诊时据此调整治疗方案。',
    '{year}年的一次处方点评发现，{pct}%的{conditionZh}抗菌药物处方疗程不符合本院指南。',
    '{drugZh}疗程为{days}天，如果三天内仍持续发热，应及时复诊。',
    '出院前，医护人员向患者讲解了胸痛、气促、意识模糊等需要立即就医的危险信号。',
    '{doctorZh}指出，对于肝肾功能正常的成年人，每日一次{dose}毫克通常已经足够。',
    '社区卫生服务中心的筛查发现{n}名居民患有未确诊的{conditionZh}，其中多数年龄超过{age}岁。',
    '{deptZh}现在会对每一例30天内再入院的病例进行讨论，分析是否可以避免。',
    '医护人员向家属演示了储雾罐的正确用法，因为吸入方法不当是哮喘控制不佳的常见原因。',
    '化验结果显示血红蛋白低于参考范围，患者被转诊至{deptZh}做进一步检查。',
    '出院后电话随访比以往的书面通知多覆盖了{pct}%的患者。',
    '临床医生应当清楚记录过敏史，漏记青霉素过敏可能让一张普通处方酿成急症。',
    '{hospitalZh}开展的一项研究纳入了{n}名成人，评估药师上门指导能否提高{drugZh}的服药依从性。',
  ],
  enPiiSentences: [
    "The patient's daughter asked to be contacted at {email} or on {phone} about the results.",
    'Registration lists the resident ID {id}; the co-payment was charged to card {card}.',
    'The imaging report was downloaded from workstation {ip}; the overseas referrer answers on {intl}.',
  ],
  zhPiiSentences: [
    '患者家属留下的联系方式为手机{phone}，邮箱{email}。',
    '挂号信息显示患者身份证号为{id}，自付部分从银行卡{card}扣除。',
    '影像报告由工作站{ip}调阅，境外转诊医生电话{intl}。',
  ],
  terms: [
    {
      en: 'hypertension',
      zh: '高血压',
      defEn: 'blood pressure that stays at or above 140/90 mmHg on repeated measurements',
      defZh: '多次测量血压持续在140/90毫米汞柱及以上',
      exampleEn: 'a patient with readings of 150/95 on three separate visits meets the definition',
      exampleZh: '三次不同日测量血压均为150/95毫米汞柱的患者即可诊断',
    },
    {
      en: 'HbA1c',
      zh: '糖化血红蛋白',
      defEn:
        'the share of haemoglobin carrying glucose, which reflects average blood sugar over about three months',
      defZh: '与葡萄糖结合的血红蛋白比例，反映近三个月的平均血糖水平',
      exampleEn: 'a value of 6.5% or above is one of the criteria for diabetes',
      exampleZh: '数值达到6.5%及以上是诊断糖尿病的标准之一',
    },
    {
      en: 'body mass index',
      zh: '体重指数',
      defEn: 'weight in kilograms divided by the square of height in metres',
      defZh: '体重（千克）除以身高（米）的平方',
      exampleEn: 'a person of 70 kg and 1.75 m has a BMI of about 22.9',
      exampleZh: '体重70千克、身高1.75米的人，体重指数约为22.9',
    },
    {
      en: 'antibiotic resistance',
      zh: '抗菌药物耐药',
      defEn:
        'the ability of bacteria to survive drugs that used to kill them, made worse by unnecessary prescriptions',
      defZh: '细菌对原本有效的药物产生抵抗力，滥用抗菌药物会加剧这一问题',
      exampleEn:
        'prescribing antibiotics for a viral cold adds to resistance without helping the patient',
      exampleZh: '为病毒性感冒开抗菌药物既无疗效又会助长耐药',
    },
    {
      en: 'informed consent',
      zh: '知情同意',
      defEn:
        "a patient's agreement to a procedure after its benefits, risks and alternatives have been explained",
      defZh: '患者在了解治疗的获益、风险和替代方案后作出的同意',
      exampleEn:
        'before surgery the surgeon explains the risks and the patient signs the consent form',
      exampleZh: '手术前医生说明风险，患者签署知情同意书',
    },
    {
      en: 'triage',
      zh: '分诊',
      defEn:
        'sorting patients by the urgency of their condition so that the sickest are treated first',
      defZh: '按病情紧急程度对患者排序，使危重者优先救治',
      exampleEn: 'a patient with chest pain is seen before one with a sprained ankle',
      exampleZh: '胸痛患者会先于踝关节扭伤患者就诊',
    },
    {
      en: 'adherence',
      zh: '服药依从性',
      defEn: 'how closely a patient takes medicines as prescribed, in dose, timing and duration',
      defZh: '患者按照医嘱的剂量、时间和疗程服药的程度',
      exampleEn: 'stopping blood pressure tablets when feeling well is a common adherence problem',
      exampleZh: '感觉好转就自行停用降压药是常见的依从性问题',
    },
    {
      en: 'anaemia',
      zh: '贫血',
      defEn:
        'a haemoglobin level below the normal range, which reduces the oxygen the blood can carry',
      defZh: '血红蛋白低于正常范围，导致血液携氧能力下降',
      exampleEn: 'an adult woman with haemoglobin of 95 g/L is anaemic',
      exampleZh: '成年女性血红蛋白为95克/升即属于贫血',
    },
    {
      en: 'contraindication',
      zh: '禁忌证',
      defEn: 'a condition that makes a particular treatment unsafe for a patient',
      defZh: '使某种治疗对患者不安全的情况',
      exampleEn: 'severe kidney failure is a contraindication to metformin',
      exampleZh: '严重肾衰竭是使用二甲双胍的禁忌证',
    },
    {
      en: 'glomerular filtration rate',
      zh: '肾小球滤过率',
      defEn: 'the volume of blood the kidneys filter per minute, used to stage kidney disease',
      defZh: '肾脏每分钟滤过的血液量，用于慢性肾脏病分期',
      exampleEn: 'a rate below 60 mL/min for three months indicates chronic kidney disease',
      exampleZh: '滤过率持续三个月低于60毫升/分钟提示慢性肾脏病',
    },
    {
      en: 'vaccination',
      zh: '疫苗接种',
      defEn:
        'giving a vaccine to train the immune system to recognise an infection before exposure',
      defZh: '通过接种疫苗使免疫系统在感染前学会识别病原体',
      exampleEn: 'a yearly influenza vaccine is advised for older adults',
      exampleZh: '建议老年人每年接种流感疫苗',
    },
  ],
  audiences: [
    {
      en: 'a newly diagnosed patient',
      zh: '刚确诊的患者',
      tipEn:
        'Write down your questions before each visit and bring a list of every medicine you take.',
      tipZh: '每次就诊前写下问题，并带上正在服用的所有药物清单。',
    },
    {
      en: 'a family caregiver',
      zh: '家庭照护者',
      tipEn: 'Keep medicines in a labelled weekly box and note any new symptom with its date.',
      tipZh: '用分格药盒按周摆药，出现新症状时记下日期。',
    },
    {
      en: 'a junior doctor',
      zh: '年轻医生',
      tipEn: 'Check kidney function and allergies before prescribing, and document your reasoning.',
      tipZh: '开药前核对肾功能和过敏史，并记录诊疗思路。',
    },
    {
      en: 'a community nurse',
      zh: '社区护士',
      tipEn: 'Use teach-back: ask the patient to explain the plan in their own words.',
      tipZh: '采用复述法，请患者用自己的话说出治疗计划。',
    },
  ],
  calcQuestions: [
    (r) => {
      const w = r.int(50, 100);
      const h = r.pick([1.6, 1.65, 1.7, 1.75, 1.8]);
      const bmi = Math.round((w / (h * h)) * 10) / 10;
      return {
        subject: 'medical',
        question: `A patient weighs ${w} kg and is ${h} m tall. What is the body mass index (one decimal place)?`,
        ...numericChoices(r, bmi, [
          Math.round((w / h) * 10) / 10,
          Math.round((w / (h * h * h)) * 10) / 10,
          bmi + 3,
        ]),
      };
    },
    (r) => {
      const kg = r.int(10, 40);
      const mgPerKg = r.pick([10, 15, 20]);
      return {
        subject: 'medical',
        question: `儿童体重${kg}千克，医嘱按每千克${mgPerKg}毫克给药，单次剂量应为多少毫克？`,
        ...numericChoices(r, kg * mgPerKg, [kg + mgPerKg, kg * mgPerKg * 2, (kg * mgPerKg) / 2]),
      };
    },
    (r) => {
      const mg = r.pick([250, 500, 750, 1000]);
      const per5 = r.pick([125, 250]);
      const ml = (mg / per5) * 5;
      return {
        subject: 'medical',
        question: `A suspension contains ${per5} mg in 5 mL. How many mL give a dose of ${mg} mg?`,
        ...numericChoices(r, ml, [mg / per5, ml * 2, ml + 5]),
      };
    },
    (r) => {
      const rate = r.pick([60, 80, 100, 125]);
      const hours = r.int(2, 8);
      return {
        subject: 'medical',
        question: `静脉输液速度为每小时${rate}毫升，${hours}小时共输入多少毫升？`,
        ...numericChoices(r, rate * hours, [rate + hours, rate * (hours + 1), rate * hours * 2]),
      };
    },
  ],
};
