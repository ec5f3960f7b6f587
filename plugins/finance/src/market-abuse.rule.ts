import type { InferenceRequest } from '@alloy/plugin-sdk';

/** Why a request was refused: which kind of market abuse it asked for. */
export type MarketAbuseKind = 'insider-information' | 'market-manipulation';

// Asking for material non-public information: the phrase itself is the request.
const INSIDER_TERMS: readonly RegExp[] = [
  /\b(?:insider|inside)\s+(?:info(?:rmation)?|tips?|news|scoop|knowledge)\b/iu,
  /\b(?:non[- ]?public|unreleased|unannounced|unpublished)\s+(?:\w+\s+){0,2}(?:earnings|results|numbers|figures|guidance|financials|information|deal|merger|takeover|acquisition)\b/iu,
  /\b(?:earnings|results|numbers|figures|guidance|financials)\b[^.?!\n]{0,40}\bbefore\b[^.?!\n]{0,30}\b(?:release[sd]?|announce[sd]?|announcement|publish(?:ed)?|made\s+public|goes?\s+public|disclosed?)\b/iu,
  /\bleak(?:ed)?\s+(?:\w+\s+){0,2}(?:earnings|results|figures|merger|deal)\b/iu,
  /内幕(?:消息|信息|资料|交易机会)/u,
  /(?:未公开|未公布|未披露|尚未发布)的?(?:财报|业绩|信息|消息|数据|并购|重组)/u,
  /(?:提前|抢先)(?:知道|获取|拿到|透露|告诉我|得到)[^。？！\n]{0,12}(?:财报|业绩|消息|公告|数据)/u,
];

// Manipulation schemes: naming one is fine ("what is spoofing?"), asking how to run one is not.
const MANIPULATION_TERMS: readonly RegExp[] = [
  /\bpump[- ](?:and|&|n)[- ]dump\b/iu,
  /\bspoof(?:ing|ed)?\b/iu,
  /\blayering\s+(?:orders|scheme)\b/iu,
  /\bfront[- ]?run(?:ning|s)?\b/iu,
  /\bwash\s+trad(?:e|es|ing)\b/iu,
  /\bpainting\s+the\s+tape\b/iu,
  /\bcorner(?:ing)?\s+the\s+market\b/iu,
  /\bmanipulat(?:e|ing|ion\s+of)\s+(?:the\s+|a\s+)?(?:\w+\s+)?(?:stock|share|price|market|shares)\b/iu,
  /\b(?:ramp|prop)\s+up\s+(?:the\s+)?(?:share\s+)?price\b/iu,
  /操纵(?:股价|市场|价格|证券|期货)|拉高出货|坐庄|对倒|老鼠仓|虚假申报|幌骗|抢先交易|抬高股价|砸盘出货/u,
];

// Someone asking to act, not to learn.
const OPERATIONAL =
  /\b(?:how\s+(?:do|can|could|should|would|to)\s*(?:i|we)?|help\s+(?:me|us)|teach\s+me|show\s+me|walk\s+me|give\s+me|tell\s+me|get\s+me|send\s+me|i\s+(?:want|need|plan|intend|am\s+going)\s+to|let'?s|step[- ]by[- ]step|a\s+plan\s+to|strategy\s+to|can\s+you\s+(?:give|tell|share|help|get|find|write|draft|set\s+up))\b|帮我|帮忙|教我|告诉我|给我|怎么(?:做|操作|才能)?|如何|我想|我要|我们要|方案|步骤/iu;

// Someone learning about abuse or protecting against it.
const EDUCATIONAL =
  /\b(?:what\s+(?:is|are|does|was|counts\s+as|constitutes)|explain|define|definition|meaning|illegal|legal(?:ly)?|laws?|penalt(?:y|ies)|fines?|prosecut\w*|detect\w*|identify|spot|recogni[sz]e|avoid\s+(?:being|falling)|protect\w*|report\w*|regulat\w*|compliance|surveillance|example\s+of|history|case\s+stud(?:y|ies)|why\s+is)\b|什么是|是什么|解释|含义|定义|违法|合法|法律|处罚|识别|防范|举报|监管|合规|案例|为什么/iu;

// Evading detection is operational whatever else the request says.
const EVASION =
  /\b(?:without\s+(?:getting\s+caught|being\s+(?:caught|detected|noticed))|avoid\s+(?:detection|getting\s+caught|the\s+sec|regulators)|undetected|so\s+(?:that\s+)?(?:no\s*one|nobody)\s+(?:knows|notices|finds\s+out))\b|不被(?:发现|查|监管)|逃避监管|规避监管|神不知鬼不觉/iu;

// Definitions and legality questions about insider information are fine; everything else that
// names non-public information is a request for it.
const INSIDER_EDUCATIONAL =
  /\b(?:what\s+(?:is|are|counts\s+as|constitutes)\s+(?:an?\s+)?(?:insider|inside|material)|define|definition|explain|meaning\s+of|is\s+it\s+(?:illegal|legal)|illegal|laws?|penalt(?:y|ies)|regulat\w*|compliance|report\w*)\b|什么是|是什么|定义|含义|违法|合法|法律|处罚|监管|认定|举报|合规/iu;

/** The user-written text of a request: its prompt and every user message. */
export function userText(request: InferenceRequest): string {
  const parts: string[] = [];
  if (request.prompt) parts.push(request.prompt);
  for (const message of request.messages ?? [])
    if (message.role === 'user') parts.push(message.content);
  return parts.join('\n');
}

/** The kind of market abuse a text asks for, or undefined when it asks for none. */
export function marketAbuseRequested(text: string): MarketAbuseKind | undefined {
  for (const sentence of text.split(/(?<=[.?!。？！\n])/u)) {
    if (INSIDER_TERMS.some((p) => p.test(sentence))) {
      if (EVASION.test(sentence) || !INSIDER_EDUCATIONAL.test(sentence))
        return 'insider-information';
    }
    if (MANIPULATION_TERMS.some((p) => p.test(sentence))) {
      if (EVASION.test(sentence)) return 'market-manipulation';
      if (OPERATIONAL.test(sentence) && !EDUCATIONAL.test(sentence)) return 'market-manipulation';
    }
  }
  return undefined;
}

/** The reason given to the caller, in the request's language. */
export function refusalReason(kind: MarketAbuseKind, text: string): string {
  const zh = /[\u4e00-\u9fff]/u.test(text);
  if (kind === 'insider-information') {
    return zh
      ? '无法提供未公开的重大信息（内幕信息）。利用或传播内幕信息进行交易属于违法行为。可以为您解释已公开的财报和信息披露规则。'
      : 'I cannot provide material non-public (insider) information; trading on it or passing it on is illegal. I can explain published results or the disclosure rules instead.';
  }
  return zh
    ? '无法协助操纵市场（如拉高出货、虚假申报、对倒、抢先交易）。这类行为违法。可以为您解释监管规则或如何识别此类行为。'
    : 'I cannot help with market manipulation (such as pump and dump, spoofing, wash trading or front-running); it is illegal. I can explain the rules or how to recognise these schemes instead.';
}
