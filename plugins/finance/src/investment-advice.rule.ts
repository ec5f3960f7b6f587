import type { InferenceResponse, InferenceResponseResult } from '@alloy/plugin-sdk';
import type { FinanceConfig } from './finance-config';

// Phrasings that recommend a trade, promise a return or tell the reader to invest. Descriptions of
// what investors or banks do ("investors should compare ratios") are deliberately not here.
const ADVICE_PATTERNS: readonly RegExp[] = [
  /\byou\s+(?:should|must|ought\s+to|need\s+to)\s+(?:definitely\s+|really\s+)?(?:buy|sell|short|invest|go\s+long|dump|load\s+up)\b/iu,
  /\bi\s+(?:would\s+|strongly\s+|'d\s+)?(?:recommend|suggest|advise)\s+(?:you\s+)?(?:buying|selling|shorting|investing|to\s+buy|to\s+sell|to\s+invest)\b/iu,
  /\b(?:strong\s+buy|buy\s+now|sell\s+now|back\s+up\s+the\s+truck|can(?:'|no)t\s+lose|sure\s+thing)\b/iu,
  /\bguarantee(?:d|s)?\s+(?:\w+\s+)?(?:returns?|profits?|income|gains?|yields?)\b/iu,
  /\b(?:risk[- ]free|guaranteed)\s+(?:returns?|profits?|money)\b/iu,
  /\b(?:will|is\s+going\s+to)\s+(?:definitely|certainly|surely)\s+(?:rise|go\s+up|double|triple|rally|recover)\b/iu,
  /\bput\s+(?:all\s+)?your\s+(?:money|savings|pension)\s+(?:in|into)\b/iu,
  /建议(?:您|你)?(?:立即|马上|现在)?(?:买入|卖出|购买|抛售|加仓|减仓|满仓|抄底|清仓|追涨)/u,
  /(?:推荐|强烈推荐)(?:您|你)?(?:买入|购买|持有|卖出)/u,
  /(?:你|您)(?:应该|应当|一定要|必须)(?:立即|马上|现在|赶紧|尽快)?(?:买入|卖出|买|卖|投资|加仓|抄底)/u,
  /稳赚|保证收益|保本保息|保证回报|稳赚不赔|包赚|只赚不赔|无风险收益|无风险回报|一定会涨|肯定会涨|必涨|翻倍无疑/u,
];

// A negation in the same clause before the phrase turns it into a warning: "there are no
// guaranteed returns", "不存在稳赚的投资".
const NEGATION =
  /\b(?:no|not|never|nothing|cannot|can't|isn't|aren't|won't|without)\b|不|没有|并非|并不|绝非|谨防|警惕/iu;
const CLAUSE_END = /[.,;:!?，。；：！？\n]/u;

/** Whether a text reads as investment advice, ignoring phrases the same clause negates. */
export function readsAsInvestmentAdvice(text: string): boolean {
  for (const pattern of ADVICE_PATTERNS) {
    const global = new RegExp(
      pattern.source,
      pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
    );
    for (const match of text.matchAll(global)) {
      const before = text.slice(0, match.index);
      const clauseStart = lastIndexOfPattern(before, CLAUSE_END) + 1;
      if (!NEGATION.test(before.slice(clauseStart))) return true;
    }
  }
  return false;
}

function lastIndexOfPattern(text: string, pattern: RegExp): number {
  for (let i = text.length - 1; i >= 0; i--) if (pattern.test(text[i])) return i;
  return -1;
}

/** The disclosure in the configured language, or in the answer's when `auto`. */
export function disclosureFor(answer: string, config: FinanceConfig): string {
  const language =
    config.disclosureLanguage === 'auto'
      ? /[\u4e00-\u9fff]/u.test(answer)
        ? 'zh'
        : 'en'
      : config.disclosureLanguage;
  return language === 'zh' ? config.disclosureTextZh : config.disclosureTextEn;
}

/**
 * Appends the risk disclosure once, at the final segment, to an answer that reads as advice. It
 * waits for the final segment because advice may appear in any sentence of a stream, and a
 * disclosure after each would repeat it.
 */
export function appendRiskDisclosure(
  response: InferenceResponse,
  config: FinanceConfig,
): InferenceResponseResult {
  if (!config.riskDisclosure || !response.final) return undefined;
  const whole = response.sentSoFar + response.text;
  if (!readsAsInvestmentAdvice(whole)) return undefined;
  const disclosure = disclosureFor(whole, config);
  if (whole.includes(disclosure)) return undefined;
  const separator =
    whole.length === 0 || whole.endsWith('\n\n') ? '' : whole.endsWith('\n') ? '\n' : '\n\n';
  return {
    text: `${response.text}${separator}${disclosure}`,
    annotations: [
      'alloy.finance: risk disclosure appended to an answer that reads as investment advice',
    ],
  };
}
