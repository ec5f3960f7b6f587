import type { DatasetRecord, DatasetRecordResult } from '@alloy/plugin-sdk';

/** The kinds of identifier replaced, each by `[KIND]`. */
export type IdentifierKind = 'EMAIL' | 'ID' | 'MRN' | 'DOB' | 'PHONE' | 'ADDRESS' | 'NAME';

interface IdentifierRule {
  kind: IdentifierKind;
  /** Replaces the named group `v` when there is one (keeping its label), else the whole match. */
  pattern: RegExp;
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';
const DATE = `(?:\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}|\\d{4}年\\d{1,2}月\\d{1,2}日|${MONTH}\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,2}\\s+${MONTH}\\s+\\d{4})`;

// Common surnames, without those that also start everyday clinical words after 患者
// (高热, 常规, 全身, 安静, 明显, 时有, 和, 向, 于), which would otherwise read as names.
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范廖石金贾韦夏付方邹熊白孟秦邱侯江尹薛闫段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戴莫孔汤温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝游辛靳柴蒙鲍喻祁蒲房滕饶牟艾尤穆农卓吉缪简项芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝';
// Characters that end a Chinese name: verbs, particles and symptoms that follow one in notes.
const NAME_STOP =
  '的了在于因和与及是有无今昨近主自诉说称入出就经曾已未再又被将把对从到诊男女岁年月日发咳头腹胸伴术服用感血体病症状痛热来去回现既因等';
const ZH_NAME = `[${SURNAMES}][^${NAME_STOP}\\s\\p{P}\\p{S}\\d\\w]{1,2}`;
// Characters that cannot start a Chinese address, so "患者家住北京市..." keeps "患者家住".
const ADDR = `[^${'在住于是的到从址为患者家我他她您你请和与及向往去来'}\\s\\d\\p{P}\\p{S}\\w]`;

const RULES: readonly IdentifierRule[] = [
  { kind: 'EMAIL', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/gu },
  {
    kind: 'ID',
    pattern:
      /(?<!\d)[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])/gu,
  },
  { kind: 'ID', pattern: /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/gu },
  {
    kind: 'ID',
    pattern:
      /(?:身份证(?:号码?)?|ID\s+(?:number|no\.?)|passport\s+(?:number|no\.?))\s*(?:is|:|：)?\s*(?<v>[A-Z0-9]{6,20})/giu,
  },
  {
    kind: 'MRN',
    pattern:
      /(?:\bMRN|\bmedical\s+record\s+(?:number|no\.?|#)|\bpatient\s+ID|\bhospital\s+(?:number|no\.?)|病历号|病案号|住院号|门诊号|就诊卡号)\s*(?:is\s+|:|：|#|no\.?)?\s*(?<v>[A-Za-z]{0,4}-?\d[\dA-Za-z-]{3,19})/giu,
  },
  {
    kind: 'DOB',
    pattern: new RegExp(
      `(?:\\bDOB|\\bD\\.O\\.B\\.|\\bdate\\s+of\\s+birth|\\bborn(?:\\s+on)?|出生日期|出生于|生于|生日)\\s*(?:is\\s+|:|：)?\\s*(?<v>${DATE})`,
      'giu',
    ),
  },
  {
    kind: 'PHONE',
    pattern:
      /(?:\bphone|\btel(?:ephone)?|\bmobile|\bcell|电话|手机|联系方式)(?:\s+(?:number|no\.?))?\s*(?:is\s+|:|：)?\s*(?<v>\+?\d[\d\s().-]{5,18}\d)/giu,
  },
  { kind: 'PHONE', pattern: /(?<![\d+])(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/gu },
  {
    kind: 'PHONE',
    pattern:
      /(?<![\w+])\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){1,3}(?!\d)/gu,
  },
  { kind: 'PHONE', pattern: /(?<!\d)\(\d{3}\)\s?\d{3}[-.\s]\d{4}(?!\d)/gu },
  { kind: 'PHONE', pattern: /(?<![\d-])\d{3}[-.]\d{3}[-.]\d{4}(?![\d-])/gu },
  { kind: 'PHONE', pattern: /(?<!\d)0\d{2,3}-\d{7,8}(?!\d)/gu },
  {
    kind: 'ADDRESS',
    pattern:
      /\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Boulevard|Blvd|Way|Court|Ct|Place|Pl)\b\.?(?:,?\s*(?:Apt|Suite|Unit|Flat)\.?\s*\w+)?/gu,
  },
  {
    kind: 'ADDRESS',
    pattern: new RegExp(
      `(?:${ADDR}{2,8}?(?:省|自治区))?(?:${ADDR}{1,8}?(?:市|区|县))*${ADDR}{1,8}?(?:路|街|大道|巷|弄|胡同)\\d+号(?:院)?(?:\\d+(?:号楼|栋|幢|单元|室|楼))*`,
      'gu',
    ),
  },
  { kind: 'ADDRESS', pattern: /(?:住址|家庭地址|地址)\s*[:：]\s*(?<v>[^\n，。；,;]{4,60})/gu },
  {
    kind: 'ADDRESS',
    pattern: /\b(?:home\s+)?address\s*(?:is\s+|:)\s*(?<v>[^\n;]{4,80}?)(?=\.\s|\.$|[\n;]|$)/giu,
  },
  {
    kind: 'NAME',
    pattern:
      /\b(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Nurse)\.?\s+(?<v>[A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+){0,2})/gu,
  },
  {
    kind: 'NAME',
    pattern:
      /\b(?:patient\s+)?name\s*(?:is\s+|:)\s*(?<v>[A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+){0,2})/giu,
  },
  {
    kind: 'NAME',
    pattern: new RegExp(
      `(?:患者|病人|病患|家属|医生|大夫|护士|主任|教授|姓名)\\s*[:：]?\\s*(?<v>${ZH_NAME})`,
      'gu',
    ),
  },
  {
    kind: 'NAME',
    pattern: new RegExp(
      `(?<v>[${SURNAMES}][^${NAME_STOP}\\s\\p{P}\\p{S}\\d\\w]?)(?=医生|大夫|护士|主任|教授|先生|女士)`,
      'gu',
    ),
  },
];

/** What de-identifying a text did. */
export interface Deidentified {
  text: string;
  /** How many identifiers of each kind were replaced. */
  replaced: Partial<Record<IdentifierKind, number>>;
}

/**
 * Replaces identifiers in `text` with `[KIND]` placeholders. `before` is text already sent (a
 * stream's earlier segments): a label there ("MRN: ", "Dr. ") still marks a value at the start of
 * `text`, since streams are cut after a colon or a title's full stop; `before` itself never changes.
 */
export function deidentify(text: string, before = ''): Deidentified {
  const context = before.slice(-60);
  const whole = context + text;
  const ranges: { start: number; end: number; kind: IdentifierKind }[] = [];
  for (const rule of RULES) {
    const pattern = new RegExp(rule.pattern.source, `${rule.pattern.flags.replace('d', '')}d`);
    for (const match of whole.matchAll(pattern)) {
      const span = match.indices?.groups?.['v'] ?? match.indices?.[0];
      if (!span) continue;
      const [start, end] = span;
      if (start < context.length || end <= start) continue;
      if (ranges.some((r) => start < r.end && end > r.start)) continue;
      ranges.push({ start, end, kind: rule.kind });
    }
  }
  ranges.sort((a, b) => a.start - b.start);
  let out = '';
  let at = context.length;
  const replaced: Partial<Record<IdentifierKind, number>> = {};
  for (const range of ranges) {
    out += whole.slice(at, range.start) + `[${range.kind}]`;
    at = range.end;
    replaced[range.kind] = (replaced[range.kind] ?? 0) + 1;
  }
  out += whole.slice(at);
  return { text: out, replaced };
}

/** The record with every text field de-identified, or nothing when there was nothing to replace. */
export function deidentifyRecord(record: DatasetRecord): DatasetRecordResult {
  const clean = (text: string): string => deidentify(text).text;
  let next: DatasetRecord;
  if ('text' in record) next = { ...record, text: clean(record.text) };
  else if ('messages' in record) {
    next = {
      ...record,
      messages: record.messages.map((m) => ({ ...m, content: clean(m.content) })),
    };
  } else next = { ...record, question: clean(record.question), choices: record.choices.map(clean) };
  return JSON.stringify(next) === JSON.stringify(record) ? undefined : next;
}

/** A note for the caller listing what was replaced, e.g. "2 PHONE, 1 NAME". */
export function describeReplaced(replaced: Partial<Record<IdentifierKind, number>>): string {
  return Object.entries(replaced)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
}
