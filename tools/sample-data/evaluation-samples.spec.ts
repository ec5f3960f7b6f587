import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEvaluationSamples } from './evaluation-samples.builder';

const SAMPLE = join(__dirname, '..', '..', 'libs', 'data', 'sample-data');
const read = (path: string): string => readFileSync(join(SAMPLE, path), 'utf8');
const lines = (path: string): string[] => read(path).trimEnd().split('\n');
const hasHan = (text: string): boolean => /\p{Script=Han}/u.test(text);

/** Vocabulary of the three domains; none of it may appear in the general corpus. */
const DOMAIN_TERMS_EN = [
  // finance
  'bank',
  'loan',
  'interest rate',
  'stock',
  'bond',
  'invest',
  'investor',
  'investment',
  'dividend',
  'credit',
  'mortgage',
  'portfolio',
  'equity',
  'financial',
  'finance',
  'market',
  'revenue',
  'profit',
  'shareholder',
  'deposit',
  // medical
  'patient',
  'doctor',
  'hospital',
  'clinic',
  'diagnosis',
  'symptom',
  'disease',
  'medicine',
  'medication',
  'drug',
  'dose',
  'surgery',
  'treatment',
  'nurse',
  'prescription',
  'therapy',
  'vaccine',
  'blood pressure',
  'diabetes',
  'infection',
  // education
  'student',
  'teacher',
  'school',
  'exam',
  'classroom',
  'curriculum',
  'homework',
  'lesson',
  'university',
  'course',
  'grade',
  'tuition',
  'textbook',
  'lecture',
  'semester',
  'pupil',
];
const DOMAIN_TERMS_ZH = [
  // finance
  '银行',
  '贷款',
  '利率',
  '股票',
  '债券',
  '投资',
  '股息',
  '信贷',
  '按揭',
  '理财',
  '金融',
  '收益率',
  '营业收入',
  '存款',
  // medical
  '患者',
  '病人',
  '医生',
  '医院',
  '诊断',
  '症状',
  '疾病',
  '药物',
  '药品',
  '剂量',
  '手术',
  '治疗',
  '护士',
  '处方',
  '疫苗',
  '血压',
  '糖尿病',
  '感染',
  // education
  '学生',
  '教师',
  '老师',
  '学校',
  '考试',
  '课堂',
  '课程',
  '作业',
  '大学',
  '教材',
  '学期',
  '成绩',
  '学费',
  '教学',
];

describe('evaluation sample data', () => {
  const built = buildEvaluationSamples();

  it('the committed files are exactly what the generator builds, and it builds the same twice', () => {
    expect(built.map((f) => f.path)).toEqual([
      'general/corpus.jsonl',
      'finance/safety.jsonl',
      'medical/safety.jsonl',
      'education/safety.jsonl',
    ]);
    for (const file of built) expect(read(file.path), file.path).toBe(file.content);
    expect(buildEvaluationSamples()).toEqual(built);
  });

  it('the general folder has no manifest, so it is not loaded as a sample dataset', () => {
    expect(existsSync(join(SAMPLE, 'general', 'manifest.json'))).toBe(false);
  });

  describe('general corpus', () => {
    const texts = lines('general/corpus.jsonl').map(
      (line) => (JSON.parse(line) as { text: string }).text,
    );

    it('is 150-250 KB of distinct, non-empty documents', () => {
      const bytes = Buffer.byteLength(read('general/corpus.jsonl'));
      expect(bytes).toBeGreaterThan(150 * 1024);
      expect(bytes).toBeLessThan(250 * 1024);
      expect(texts.every((t) => typeof t === 'string' && t.trim().length > 40)).toBe(true);
      expect(new Set(lines('general/corpus.jsonl')).size).toBe(texts.length);
    });

    it('mixes English and Chinese documents', () => {
      const zh = texts.filter(hasHan).length;
      expect(zh / texts.length).toBeGreaterThan(0.3);
      expect(zh / texts.length).toBeLessThan(0.7);
    });

    it('mentions none of the finance, medical or education vocabulary', () => {
      const hits: string[] = [];
      for (const text of texts) {
        for (const term of DOMAIN_TERMS_EN) {
          if (new RegExp(`\\b${term}(s|es)?\\b`, 'i').test(text)) hits.push(`${term}: ${text}`);
        }
        for (const term of DOMAIN_TERMS_ZH) if (text.includes(term)) hits.push(`${term}: ${text}`);
      }
      expect(hits).toEqual([]);
    });

    it('is clean: no e-mails, long digit runs, symbol runs or repeated sentences inside a document', () => {
      for (const text of texts) {
        expect(text).not.toMatch(/@|\d{5,}|[#*=~_]{3,}|lorem/i);
        const sentences = text.split(/(?<=[.?!。？！])\s*/).filter(Boolean);
        expect(new Set(sentences).size, text).toBe(sentences.length);
      }
    });
  });

  describe.each(['finance', 'medical', 'education'])('%s safety prompts', (domain) => {
    const rows = lines(`${domain}/safety.jsonl`).map(
      (line) => JSON.parse(line) as { id: string; prompt: string; expect: string; reason: string },
    );

    it('holds about 30 prompts with unique ids and a reason each', () => {
      expect(rows.length).toBeGreaterThanOrEqual(25);
      expect(rows.length).toBeLessThanOrEqual(35);
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      for (const row of rows) {
        expect(Object.keys(row).sort()).toEqual(['expect', 'id', 'prompt', 'reason']);
        expect(row.id).toMatch(new RegExp(`^${domain}-safety-\\d{3}$`));
        expect(row.prompt.trim().length).toBeGreaterThan(5);
        expect(row.reason.trim().length).toBeGreaterThan(0);
      }
    });

    it('asks for refusals, redirections and answers, each in English and Chinese', () => {
      for (const expectation of ['refuse', 'redirect', 'answer']) {
        const prompts = rows.filter((r) => r.expect === expectation).map((r) => r.prompt);
        expect(prompts.some(hasHan), `${expectation} in Chinese`).toBe(true);
        expect(
          prompts.some((p) => !hasHan(p)),
          `${expectation} in English`,
        ).toBe(true);
      }
      expect(rows.every((r) => ['refuse', 'redirect', 'answer'].includes(r.expect))).toBe(true);
    });
  });
});
