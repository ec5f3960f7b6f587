import type { DomainSpec, DomainTerm } from './domain-spec.types';
import {
  badChecksumId,
  fakeBankCard,
  fakeChineseId,
  fakeEmail,
  fakeInternationalPhone,
  fakeIp,
  fakeMobile,
} from './fake-pii.helpers';
import type { SeededRandom } from './sample-random.helpers';
import { fill } from './sample-random.helpers';
import { TermSentenceDeck } from './term-sentences';

type PiiType = 'EMAIL' | 'PHONE' | 'CN_ID' | 'BANK_CARD' | 'IP';

/** What was planted in a raw corpus, so that tests can check the cleaning found it. */
export interface CorpusManifest {
  documents: number;
  baseDocuments: number;
  /** Sentences stating a term's definition or example, mixed into the base documents. */
  termSentences: number;
  exactDuplicates: number;
  /** Copies that differ only in whitespace or full-width digits: duplicates after normalisation. */
  normalisedDuplicates: number;
  nearDuplicates: number;
  /** Smallest exact 5-character-shingle Jaccard similarity of a planted near duplicate. */
  nearDuplicateMinJaccard: number;
  lowQuality: number;
  pii: Record<PiiType, number>;
  piiValues: string[];
  /** ID-shaped numbers with a wrong check character: they must survive scrubbing. */
  decoys: string[];
}

const NAMES = ['li', 'wang', 'zhang', 'chen', 'liu', 'smith', 'garcia', 'kim', 'patel', 'ng'];

function shingles(text: string): Set<string> {
  const s = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const out = new Set<string>();
  for (let i = 0; i + 5 <= s.length; i++) out.add(s.slice(i, i + 5));
  return out;
}

export function jaccard(a: string, b: string): number {
  const x = shingles(a);
  const y = shingles(b);
  let inter = 0;
  for (const v of x) if (y.has(v)) inter++;
  return inter / (x.size + y.size - inter);
}

interface Doc {
  lang: 'en' | 'zh';
  templates: string[];
  sentences: string[];
}

const join = (d: Doc): string => d.sentences.join(d.lang === 'en' ? ' ' : '');

function lowQualityDocs(spec: DomainSpec, r: SeededRandom): string[] {
  const sentence = fill(r.pick(spec.enSentences), spec.slots, r);
  return [
    Array.from({ length: 8 }, () => 'Click here to subscribe and win a prize today!').join('\n'),
    Array.from({ length: 8 }, () => '点击关注，领取福利，转发有奖！').join('\n'),
    '### $$$ ### %%% ### @@@ ### *** ### ### ### ### >>>',
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.',
    'Read more.',
    '更多内容请见下页。',
    Array.from({ length: 6 }, () =>
      Array.from({ length: 8 }, () => r.int(1000, 99999)).join(' '),
    ).join('\n'),
    '股票基金债券期货外汇信托保险理财黄金白银原油期权互换远期掉期',
    `${sentence}\n----------\n==========\n**********\n~~~~~~~~~~\n..........`,
    Array.from({ length: 6 }, () => `${sentence}...`).join('\n'),
  ];
}

/**
 * A raw corpus for one domain: template documents in English and Chinese, each carrying one to
 * three sentences that define a domain term or give an example of it, then exact copies,
 * copies that differ only in whitespace and full-width digits, near duplicates (one sentence
 * re-filled), low-quality documents and documents carrying fake personal data.
 */
export function buildCorpus(
  spec: DomainSpec,
  r: SeededRandom,
  targetBytes: number,
): { docs: string[]; manifest: CorpusManifest } {
  const base: Doc[] = [];
  let bytes = 0;
  let termSentences = 0;
  const deck = new TermSentenceDeck(spec.terms, r);
  while (bytes < targetBytes) {
    const lang = base.length % 2 === 0 ? 'en' : 'zh';
    const pool = lang === 'en' ? spec.enSentences : spec.zhSentences;
    const templates = r.sample(pool, r.int(4, 6));
    // Definitions and examples of the domain's terms, spread through the documents: what
    // continued pretraining on the corpus teaches, and what the multiple-choice set asks about.
    const named = new Set<DomainTerm>();
    for (let k = r.int(1, 3); k > 0; k--) {
      templates.splice(r.int(0, templates.length), 0, deck.next(lang, named));
      termSentences++;
    }
    const doc: Doc = { lang, templates, sentences: templates.map((t) => fill(t, spec.slots, r)) };
    base.push(doc);
    bytes += Buffer.byteLength(join(doc)) + 12;
  }
  const manifest: CorpusManifest = {
    documents: 0,
    baseDocuments: base.length,
    termSentences,
    exactDuplicates: 0,
    normalisedDuplicates: 0,
    nearDuplicates: 0,
    nearDuplicateMinJaccard: 1,
    lowQuality: 0,
    pii: { EMAIL: 0, PHONE: 0, CN_ID: 0, BANK_CARD: 0, IP: 0 },
    piiValues: [],
    decoys: [],
  };
  const indexes = r.shuffle(base.map((_, i) => i));
  const piiDocs = indexes.slice(0, 36);
  const decoyDocs = indexes.slice(36, 42);
  const exactSources = indexes.slice(42, 66);
  const normalisedSources = indexes.slice(66, 74);
  const nearSources = indexes.slice(74, 98);

  for (const [n, i] of piiDocs.entries()) {
    const doc = base[i];
    const pool = doc.lang === 'en' ? spec.enPiiSentences : spec.zhPiiSentences;
    const values: Record<string, [PiiType, string]> = {
      email: ['EMAIL', fakeEmail(r, NAMES)],
      phone: ['PHONE', fakeMobile(r)],
      intl: ['PHONE', fakeInternationalPhone(r)],
      id: ['CN_ID', fakeChineseId(r)],
      card: ['BANK_CARD', fakeBankCard(r)],
      ip: ['IP', fakeIp(r)],
    };
    const template = pool[n % pool.length];
    const sentence = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const [type, value] = values[name];
      manifest.pii[type]++;
      manifest.piiValues.push(value);
      return value;
    });
    doc.sentences.splice(r.int(1, doc.sentences.length - 1), 0, sentence);
  }
  for (const i of decoyDocs) {
    const doc = base[i];
    // Province 11 keeps the decoy clear of the card prefixes (2-6) as well.
    const decoy = badChecksumId(r, '11');
    manifest.decoys.push(decoy);
    doc.sentences.push(
      doc.lang === 'en' ? `Archive reference ${decoy} was closed.` : `档案编号${decoy}已归档。`,
    );
  }

  const docs = base.map(join);
  const insert = (text: string): void => {
    docs.splice(r.int(Math.floor(docs.length / 2), docs.length), 0, text);
  };
  for (const i of exactSources) {
    insert(join(base[i]));
    manifest.exactDuplicates++;
  }
  for (const i of normalisedSources) {
    const text = join(base[i])
      .replace(/ /g, r.chance(0.5) ? '  ' : ' \t')
      .replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    insert(`  ${text}\u200b `);
    manifest.normalisedDuplicates++;
  }
  for (const i of nearSources) {
    const doc = base[i];
    let best: string | undefined;
    for (let attempt = 0; attempt < 20 && best === undefined; attempt++) {
      const k = r.int(0, doc.templates.length - 1);
      const sentences = [...doc.sentences];
      sentences.splice(k, 1, fill(doc.templates[k], spec.slots, r));
      const candidate = sentences.join(doc.lang === 'en' ? ' ' : '');
      const j = jaccard(candidate, join(doc));
      // Well above the 0.8 default threshold and not identical, so MinHash noise cannot hide it.
      if (j >= 0.9 && j < 1) {
        best = candidate;
        manifest.nearDuplicateMinJaccard = Math.min(manifest.nearDuplicateMinJaccard, j);
      }
    }
    if (best !== undefined) {
      insert(best);
      manifest.nearDuplicates++;
    }
  }
  for (const text of lowQualityDocs(spec, r)) {
    insert(text);
    manifest.lowQuality++;
  }
  manifest.documents = docs.length;
  manifest.nearDuplicateMinJaccard = Math.round(manifest.nearDuplicateMinJaccard * 1000) / 1000;
  return { docs, manifest };
}
