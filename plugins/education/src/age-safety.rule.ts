import { segmentText } from '@alloy/plugin-sdk';
import type { AgeBand } from './education-config';
import { isChinese } from './education-config';

export type UnfitCategory = 'sexual' | 'violence' | 'drugs' | 'gambling' | 'self-harm';

/** Which bands a term is unfit for: `minors` (under-13 and 13-17), `children` (under-13 only), `all`. */
type Reach = 'children' | 'minors' | 'all';

const TERMS: readonly { category: UnfitCategory; reach: Reach; pattern: RegExp }[] = [
  {
    category: 'sexual',
    reach: 'minors',
    pattern:
      /\b(?:porn\w*|explicit\s+sex\w*|sex\s+scenes?|nude\s+(?:photos?|pictures?|pics)|naked\s+(?:photos?|pictures?|pics)|erotic\w*|hentai|sexting)\b|色情|黄色(?:小说|网站|视频)|裸照|性交|做爱|黄片/iu,
  },
  {
    category: 'sexual',
    reach: 'children',
    pattern: /\b(?:sexy|make\s+out|making\s+out|hook\s+up)\b|约炮|亲热/iu,
  },
  {
    category: 'violence',
    reach: 'minors',
    pattern:
      /\b(?:gore|gory|decapitat\w*|dismember\w*|disembowel\w*|tortur(?:e|ed|ing)\s+(?:him|her|them|people|someone|animals?)|blood\s+(?:everywhere|spurt\w*)|mutilat\w*)\b|血腥|肢解|斩首|虐杀|分尸|开膛/iu,
  },
  {
    category: 'violence',
    reach: 'children',
    pattern: /\b(?:murder\w*|massacre\w*|stabb(?:ed|ing))\b|杀人|凶杀/iu,
  },
  {
    category: 'drugs',
    reach: 'minors',
    pattern:
      /\b(?:cocaine|heroin|meth|methamphetamine|crystal\s+meth|lsd|ecstasy|mdma|smok(?:e|ing)\s+weed|get(?:ting)?\s+high|buy\s+drugs|fentanyl)\b|毒品|冰毒|海洛因|大麻|摇头丸|吸毒|K粉/iu,
  },
  {
    category: 'drugs',
    reach: 'children',
    pattern:
      /\b(?:beer|vodka|whisk(?:e)?y|get\s+drunk|cigarettes?|vap(?:e|ing))\b|喝酒|醉酒|香烟|抽烟|电子烟/iu,
  },
  {
    category: 'gambling',
    reach: 'minors',
    pattern:
      /\b(?:gambl\w*|casinos?|sportsbooks?|sports\s+betting|online\s+betting|slot\s+machines?|betting\s+odds)\b|赌博|赌钱|赌场|博彩|网赌|下注/iu,
  },
  {
    category: 'self-harm',
    reach: 'all',
    pattern:
      /\b(?:how\s+(?:to|do\s+i|can\s+i)\s+(?:kill\s+myself|commit\s+suicide|cut\s+myself|hang\s+myself)|ways\s+to\s+(?:kill\s+myself|commit\s+suicide|die)|suicide\s+methods?|lethal\s+dose\s+of|painless\s+(?:way\s+to\s+die|suicide))\b|自杀(?:方法|方式)|怎么自杀|如何自杀|怎样自杀|割腕|上吊|吃多少.{0,6}会死|无痛(?:死|自杀)/iu,
  },
];

function applies(reach: Reach, band: AgeBand): boolean {
  if (reach === 'all') return true;
  if (reach === 'minors') return band !== 'adult';
  return band === 'under-13';
}

/** The categories of unfit content a text has for an age band. */
export function unfitCategories(text: string, band: AgeBand): UnfitCategory[] {
  const found = new Set<UnfitCategory>();
  for (const term of TERMS)
    if (applies(term.reach, band) && term.pattern.test(text)) found.add(term.category);
  return [...found];
}

/** The refusal or replacement for unfit content, in the text's language; self-harm gets support. */
export function safeMessage(categories: readonly UnfitCategory[], text: string): string {
  const zh = isChinese(text);
  if (categories.includes('self-harm')) {
    return zh
      ? '我不能提供这方面的内容。如果你有伤害自己的想法，请马上告诉信任的大人、老师，或拨打当地的心理援助热线。你并不孤单。'
      : 'I can’t help with that. If you are thinking about hurting yourself, please talk to a trusted adult or teacher now, or call a local crisis line. You are not alone.';
  }
  return zh
    ? '这部分内容不适合当前年龄段，已省略。'
    : '[This part is not suitable for this age group and was left out.]';
}

/**
 * Replaces each sentence with unfit content by the safe message. A whole response is cut into
 * sentences the way a stream is, so both keep the same fit sentences.
 */
export function replaceUnfitSentences(
  text: string,
  band: AgeBand,
): { text: string; categories: UnfitCategory[] } {
  const all = new Set<UnfitCategory>();
  const out = segmentText(text)
    .map((sentence) => {
      const categories = unfitCategories(sentence, band);
      if (categories.length === 0) return sentence;
      categories.forEach((c) => all.add(c));
      const trailing = /\s*$/u.exec(sentence)?.[0] ?? '';
      return safeMessage(categories, sentence) + trailing;
    })
    .join('');
  return { text: out, categories: [...all] };
}
