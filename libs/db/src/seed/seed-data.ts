export const DEFAULT_ORGANIZATION = { name: 'default', displayName: 'Default organization' };

/**
 * The three domains Alloy ships with, each with a plugin of industry rules, and `general`: everyday
 * text no domain teaches, which evaluations measure to catch forgetting.
 */
export const SEED_DOMAINS = [
  {
    name: 'finance',
    displayName: 'Finance',
    description:
      'Banking, securities, insurance and wealth management: products, regulation, risk and compliance, ' +
      'financial statements and customer advice. 金融：银行、证券、保险与财富管理。',
  },
  {
    name: 'medical',
    displayName: 'Medical',
    description:
      'Clinical medicine, pharmacology, diagnostics and hospital operations: guidelines, drug information, ' +
      'patient communication and medical records. 医疗：临床、药学、诊断与医院运营。',
  },
  {
    name: 'education',
    displayName: 'Education',
    description:
      'Teaching and learning from primary school to university: curricula, exercises with explanations, ' +
      'assessment and tutoring. 教育：课程、习题讲解、测评与辅导。',
  },
  {
    name: 'general',
    displayName: 'General text',
    description:
      'Everyday text in English and Chinese with no domain vocabulary: what a domain model must not ' +
      'forget. Evaluations measure its perplexity to catch forgetting. 通用文本：用于检测遗忘。',
  },
] as const;
