import type { MultipleChoiceItem } from '@alloy/plugin-sdk';

/** The medical multiple-choice set that Alloy ships as libs/data/sample-data/medical/eval-mc.jsonl, carried here because a plugin carries its own data. */
export const MEDICAL_EVAL_SET: readonly MultipleChoiceItem[] = [
  {
    id: 'medical-001',
    question: 'Which of the following best describes HbA1c?',
    choices: [
      'The share of haemoglobin carrying glucose, which reflects average blood sugar over about three months',
      'Weight in kilograms divided by the square of height in metres',
      'A condition that makes a particular treatment unsafe for a patient',
      'A haemoglobin level below the normal range, which reduces the oxygen the blood can carry',
    ],
    answer: 0,
  },
  {
    id: 'medical-002',
    question: '下列哪一项最准确地描述了服药依从性？',
    choices: [
      '通过接种疫苗使免疫系统在感染前学会识别病原体',
      '与葡萄糖结合的血红蛋白比例，反映近三个月的平均血糖水平',
      '患者按照医嘱的剂量、时间和疗程服药的程度',
      '按病情紧急程度对患者排序，使危重者优先救治',
    ],
    answer: 2,
  },
  {
    id: 'medical-003',
    question: 'A suspension contains 250 mg in 5 mL. How many mL give a dose of 250 mg?',
    choices: ['10', '11', '1', '5'],
    answer: 3,
  },
  {
    id: 'medical-004',
    question:
      'A patient weighs 71 kg and is 1.8 m tall. What is the body mass index (one decimal place)?',
    choices: ['21.9', '12.2', '39.4', '24.9'],
    answer: 0,
  },
  {
    id: 'medical-005',
    question: '下列哪一项最准确地描述了体重指数？',
    choices: [
      '患者在了解治疗的获益、风险和替代方案后作出的同意',
      '体重（千克）除以身高（米）的平方',
      '与葡萄糖结合的血红蛋白比例，反映近三个月的平均血糖水平',
      '使某种治疗对患者不安全的情况',
    ],
    answer: 1,
  },
  {
    id: 'medical-006',
    question:
      'A patient weighs 72 kg and is 1.8 m tall. What is the body mass index (one decimal place)?',
    choices: ['12.3', '22.2', '40', '25.2'],
    answer: 1,
  },
  {
    id: 'medical-007',
    question:
      'A patient weighs 91 kg and is 1.6 m tall. What is the body mass index (one decimal place)?',
    choices: ['22.2', '56.9', '38.5', '35.5'],
    answer: 3,
  },
  {
    id: 'medical-008',
    question: 'Which of the following best describes hypertension?',
    choices: [
      'The ability of bacteria to survive drugs that used to kill them, made worse by unnecessary prescriptions',
      'Blood pressure that stays at or above 140/90 mmHg on repeated measurements',
      'The share of haemoglobin carrying glucose, which reflects average blood sugar over about three months',
      'How closely a patient takes medicines as prescribed, in dose, timing and duration',
    ],
    answer: 1,
  },
  {
    id: 'medical-009',
    question: 'Which of the following best describes glomerular filtration rate?',
    choices: [
      'The volume of blood the kidneys filter per minute, used to stage kidney disease',
      "A patient's agreement to a procedure after its benefits, risks and alternatives have been explained",
      'The ability of bacteria to survive drugs that used to kill them, made worse by unnecessary prescriptions',
      'How closely a patient takes medicines as prescribed, in dose, timing and duration',
    ],
    answer: 0,
  },
  {
    id: 'medical-010',
    question: 'Which of the following best describes body mass index?',
    choices: [
      'Blood pressure that stays at or above 140/90 mmHg on repeated measurements',
      'Weight in kilograms divided by the square of height in metres',
      "A patient's agreement to a procedure after its benefits, risks and alternatives have been explained",
      'A condition that makes a particular treatment unsafe for a patient',
    ],
    answer: 1,
  },
  {
    id: 'medical-011',
    question:
      'A patient weighs 53 kg and is 1.75 m tall. What is the body mass index (one decimal place)?',
    choices: ['17.3', '30.3', '20.3', '9.9'],
    answer: 0,
  },
  {
    id: 'medical-012',
    question: 'Which of the following best describes anaemia?',
    choices: [
      'Giving a vaccine to train the immune system to recognise an infection before exposure',
      'A condition that makes a particular treatment unsafe for a patient',
      'Weight in kilograms divided by the square of height in metres',
      'A haemoglobin level below the normal range, which reduces the oxygen the blood can carry',
    ],
    answer: 3,
  },
  {
    id: 'medical-013',
    question: 'A suspension contains 250 mg in 5 mL. How many mL give a dose of 1000 mg?',
    choices: ['4', '40', '20', '25'],
    answer: 2,
  },
  {
    id: 'medical-014',
    question: '儿童体重19千克，医嘱按每千克10毫克给药，单次剂量应为多少毫克？',
    choices: ['29', '190', '95', '380'],
    answer: 1,
  },
  {
    id: 'medical-015',
    question: 'A suspension contains 125 mg in 5 mL. How many mL give a dose of 500 mg?',
    choices: ['40', '25', '20', '4'],
    answer: 2,
  },
  {
    id: 'medical-016',
    question: '静脉输液速度为每小时60毫升，2小时共输入多少毫升？',
    choices: ['240', '120', '180', '62'],
    answer: 1,
  },
  {
    id: 'medical-017',
    question: 'Which of the following best describes triage?',
    choices: [
      'Blood pressure that stays at or above 140/90 mmHg on repeated measurements',
      "A patient's agreement to a procedure after its benefits, risks and alternatives have been explained",
      'How closely a patient takes medicines as prescribed, in dose, timing and duration',
      'Sorting patients by the urgency of their condition so that the sickest are treated first',
    ],
    answer: 3,
  },
  {
    id: 'medical-018',
    question: 'Which of the following best describes adherence?',
    choices: [
      'The share of haemoglobin carrying glucose, which reflects average blood sugar over about three months',
      'How closely a patient takes medicines as prescribed, in dose, timing and duration',
      'The volume of blood the kidneys filter per minute, used to stage kidney disease',
      "A patient's agreement to a procedure after its benefits, risks and alternatives have been explained",
    ],
    answer: 1,
  },
  {
    id: 'medical-019',
    question: '儿童体重23千克，医嘱按每千克15毫克给药，单次剂量应为多少毫克？',
    choices: ['172.5', '345', '690', '38'],
    answer: 1,
  },
  {
    id: 'medical-020',
    question:
      'A patient weighs 57 kg and is 1.65 m tall. What is the body mass index (one decimal place)?',
    choices: ['23.9', '20.9', '12.7', '34.5'],
    answer: 1,
  },
  {
    id: 'medical-021',
    question:
      'A patient weighs 59 kg and is 1.8 m tall. What is the body mass index (one decimal place)?',
    choices: ['10.1', '18.2', '21.2', '32.8'],
    answer: 1,
  },
  {
    id: 'medical-022',
    question: '下列哪一项最准确地描述了知情同意？',
    choices: [
      '患者在了解治疗的获益、风险和替代方案后作出的同意',
      '使某种治疗对患者不安全的情况',
      '按病情紧急程度对患者排序，使危重者优先救治',
      '血红蛋白低于正常范围，导致血液携氧能力下降',
    ],
    answer: 0,
  },
  {
    id: 'medical-023',
    question: 'Which of the following best describes informed consent?',
    choices: [
      "A patient's agreement to a procedure after its benefits, risks and alternatives have been explained",
      'The ability of bacteria to survive drugs that used to kill them, made worse by unnecessary prescriptions',
      'Weight in kilograms divided by the square of height in metres',
      'Giving a vaccine to train the immune system to recognise an infection before exposure',
    ],
    answer: 0,
  },
  {
    id: 'medical-024',
    question: '下列哪一项最准确地描述了糖化血红蛋白？',
    choices: [
      '患者在了解治疗的获益、风险和替代方案后作出的同意',
      '体重（千克）除以身高（米）的平方',
      '与葡萄糖结合的血红蛋白比例，反映近三个月的平均血糖水平',
      '血红蛋白低于正常范围，导致血液携氧能力下降',
    ],
    answer: 2,
  },
  {
    id: 'medical-025',
    question: '下列哪一项最准确地描述了抗菌药物耐药？',
    choices: [
      '使某种治疗对患者不安全的情况',
      '体重（千克）除以身高（米）的平方',
      '细菌对原本有效的药物产生抵抗力，滥用抗菌药物会加剧这一问题',
      '血红蛋白低于正常范围，导致血液携氧能力下降',
    ],
    answer: 2,
  },
  {
    id: 'medical-026',
    question: '儿童体重34千克，医嘱按每千克10毫克给药，单次剂量应为多少毫克？',
    choices: ['680', '340', '44', '170'],
    answer: 1,
  },
  {
    id: 'medical-027',
    question: '静脉输液速度为每小时100毫升，4小时共输入多少毫升？',
    choices: ['400', '800', '500', '104'],
    answer: 0,
  },
  {
    id: 'medical-028',
    question:
      'A patient weighs 85 kg and is 1.6 m tall. What is the body mass index (one decimal place)?',
    choices: ['53.1', '36.2', '33.2', '20.8'],
    answer: 2,
  },
  {
    id: 'medical-029',
    question:
      'A patient weighs 98 kg and is 1.6 m tall. What is the body mass index (one decimal place)?',
    choices: ['61.3', '41.3', '38.3', '23.9'],
    answer: 2,
  },
  {
    id: 'medical-030',
    question: 'Which of the following best describes contraindication?',
    choices: [
      "A patient's agreement to a procedure after its benefits, risks and alternatives have been explained",
      'Giving a vaccine to train the immune system to recognise an infection before exposure',
      'A condition that makes a particular treatment unsafe for a patient',
      'A haemoglobin level below the normal range, which reduces the oxygen the blood can carry',
    ],
    answer: 2,
  },
  {
    id: 'medical-031',
    question: '儿童体重14千克，医嘱按每千克15毫克给药，单次剂量应为多少毫克？',
    choices: ['29', '420', '210', '105'],
    answer: 2,
  },
  {
    id: 'medical-032',
    question: 'Which of the following best describes vaccination?',
    choices: [
      'A condition that makes a particular treatment unsafe for a patient',
      'The ability of bacteria to survive drugs that used to kill them, made worse by unnecessary prescriptions',
      'Giving a vaccine to train the immune system to recognise an infection before exposure',
      'A haemoglobin level below the normal range, which reduces the oxygen the blood can carry',
    ],
    answer: 2,
  },
  {
    id: 'medical-033',
    question: '儿童体重38千克，医嘱按每千克15毫克给药，单次剂量应为多少毫克？',
    choices: ['1140', '285', '53', '570'],
    answer: 3,
  },
  {
    id: 'medical-034',
    question: '静脉输液速度为每小时100毫升，2小时共输入多少毫升？',
    choices: ['102', '400', '200', '300'],
    answer: 2,
  },
  {
    id: 'medical-035',
    question: '静脉输液速度为每小时100毫升，5小时共输入多少毫升？',
    choices: ['500', '600', '1000', '105'],
    answer: 0,
  },
  {
    id: 'medical-036',
    question: '静脉输液速度为每小时60毫升，6小时共输入多少毫升？',
    choices: ['66', '720', '360', '420'],
    answer: 2,
  },
  {
    id: 'medical-037',
    question: '下列哪一项最准确地描述了高血压？',
    choices: [
      '多次测量血压持续在140/90毫米汞柱及以上',
      '按病情紧急程度对患者排序，使危重者优先救治',
      '体重（千克）除以身高（米）的平方',
      '肾脏每分钟滤过的血液量，用于慢性肾脏病分期',
    ],
    answer: 0,
  },
  {
    id: 'medical-038',
    question: '静脉输液速度为每小时80毫升，8小时共输入多少毫升？',
    choices: ['88', '640', '1280', '720'],
    answer: 1,
  },
  {
    id: 'medical-039',
    question: 'Which of the following best describes antibiotic resistance?',
    choices: [
      'Giving a vaccine to train the immune system to recognise an infection before exposure',
      'The share of haemoglobin carrying glucose, which reflects average blood sugar over about three months',
      'The ability of bacteria to survive drugs that used to kill them, made worse by unnecessary prescriptions',
      'A condition that makes a particular treatment unsafe for a patient',
    ],
    answer: 2,
  },
  {
    id: 'medical-040',
    question: 'A suspension contains 125 mg in 5 mL. How many mL give a dose of 250 mg?',
    choices: ['15', '20', '10', '2'],
    answer: 2,
  },
  {
    id: 'medical-041',
    question: '儿童体重31千克，医嘱按每千克10毫克给药，单次剂量应为多少毫克？',
    choices: ['620', '310', '155', '41'],
    answer: 1,
  },
  {
    id: 'medical-042',
    question: 'A suspension contains 125 mg in 5 mL. How many mL give a dose of 1000 mg?',
    choices: ['45', '80', '40', '8'],
    answer: 2,
  },
  {
    id: 'medical-043',
    question: '静脉输液速度为每小时125毫升，8小时共输入多少毫升？',
    choices: ['133', '1125', '1000', '2000'],
    answer: 2,
  },
  {
    id: 'medical-044',
    question: '下列哪一项最准确地描述了贫血？',
    choices: [
      '多次测量血压持续在140/90毫米汞柱及以上',
      '血红蛋白低于正常范围，导致血液携氧能力下降',
      '与葡萄糖结合的血红蛋白比例，反映近三个月的平均血糖水平',
      '通过接种疫苗使免疫系统在感染前学会识别病原体',
    ],
    answer: 1,
  },
  {
    id: 'medical-045',
    question: '静脉输液速度为每小时125毫升，4小时共输入多少毫升？',
    choices: ['129', '500', '1000', '625'],
    answer: 1,
  },
  {
    id: 'medical-046',
    question: 'A suspension contains 250 mg in 5 mL. How many mL give a dose of 750 mg?',
    choices: ['20', '30', '15', '3'],
    answer: 2,
  },
  {
    id: 'medical-047',
    question:
      'A patient weighs 61 kg and is 1.65 m tall. What is the body mass index (one decimal place)?',
    choices: ['25.4', '37', '22.4', '13.6'],
    answer: 2,
  },
  {
    id: 'medical-048',
    question: '儿童体重37千克，医嘱按每千克20毫克给药，单次剂量应为多少毫克？',
    choices: ['740', '370', '1480', '57'],
    answer: 0,
  },
  {
    id: 'medical-049',
    question: '下列哪一项最准确地描述了禁忌证？',
    choices: [
      '使某种治疗对患者不安全的情况',
      '患者按照医嘱的剂量、时间和疗程服药的程度',
      '体重（千克）除以身高（米）的平方',
      '细菌对原本有效的药物产生抵抗力，滥用抗菌药物会加剧这一问题',
    ],
    answer: 0,
  },
  {
    id: 'medical-050',
    question:
      'A patient weighs 51 kg and is 1.7 m tall. What is the body mass index (one decimal place)?',
    choices: ['20.6', '17.6', '30', '10.4'],
    answer: 1,
  },
  {
    id: 'medical-051',
    question:
      'A patient weighs 65 kg and is 1.65 m tall. What is the body mass index (one decimal place)?',
    choices: ['23.9', '39.4', '14.5', '26.9'],
    answer: 0,
  },
  {
    id: 'medical-052',
    question: '下列哪一项最准确地描述了疫苗接种？',
    choices: [
      '通过接种疫苗使免疫系统在感染前学会识别病原体',
      '血红蛋白低于正常范围，导致血液携氧能力下降',
      '肾脏每分钟滤过的血液量，用于慢性肾脏病分期',
      '与葡萄糖结合的血红蛋白比例，反映近三个月的平均血糖水平',
    ],
    answer: 0,
  },
  {
    id: 'medical-053',
    question: '静脉输液速度为每小时80毫升，5小时共输入多少毫升？',
    choices: ['400', '800', '85', '480'],
    answer: 0,
  },
  {
    id: 'medical-054',
    question: '静脉输液速度为每小时100毫升，7小时共输入多少毫升？',
    choices: ['1400', '107', '800', '700'],
    answer: 3,
  },
  {
    id: 'medical-055',
    question: '静脉输液速度为每小时60毫升，3小时共输入多少毫升？',
    choices: ['240', '63', '360', '180'],
    answer: 3,
  },
  {
    id: 'medical-056',
    question: '儿童体重40千克，医嘱按每千克20毫克给药，单次剂量应为多少毫克？',
    choices: ['60', '400', '800', '1600'],
    answer: 2,
  },
  {
    id: 'medical-057',
    question: '下列哪一项最准确地描述了分诊？',
    choices: [
      '使某种治疗对患者不安全的情况',
      '按病情紧急程度对患者排序，使危重者优先救治',
      '体重（千克）除以身高（米）的平方',
      '肾脏每分钟滤过的血液量，用于慢性肾脏病分期',
    ],
    answer: 1,
  },
  {
    id: 'medical-058',
    question: '静脉输液速度为每小时60毫升，8小时共输入多少毫升？',
    choices: ['540', '68', '960', '480'],
    answer: 3,
  },
  {
    id: 'medical-059',
    question: '静脉输液速度为每小时80毫升，2小时共输入多少毫升？',
    choices: ['160', '240', '82', '320'],
    answer: 0,
  },
  {
    id: 'medical-060',
    question: '下列哪一项最准确地描述了肾小球滤过率？',
    choices: [
      '多次测量血压持续在140/90毫米汞柱及以上',
      '肾脏每分钟滤过的血液量，用于慢性肾脏病分期',
      '体重（千克）除以身高（米）的平方',
      '按病情紧急程度对患者排序，使危重者优先救治',
    ],
    answer: 1,
  },
  {
    id: 'medical-061',
    question:
      'A patient weighs 70 kg and is 1.7 m tall. What is the body mass index (one decimal place)?',
    choices: ['14.2', '27.2', '41.2', '24.2'],
    answer: 3,
  },
  {
    id: 'medical-062',
    question: '静脉输液速度为每小时125毫升，5小时共输入多少毫升？',
    choices: ['130', '625', '750', '1250'],
    answer: 1,
  },
];
