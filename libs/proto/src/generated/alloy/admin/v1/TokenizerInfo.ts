// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface TokenizerInfo {
  'type'?: (string);
  'vocabSize'?: (number);
  'hasChatTemplate'?: (boolean);
  'files'?: (string)[];
}

export interface TokenizerInfo__Output {
  'type': (string);
  'vocabSize': (number);
  'hasChatTemplate': (boolean);
  'files': (string)[];
}
