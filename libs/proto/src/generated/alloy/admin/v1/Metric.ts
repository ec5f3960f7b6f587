// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface Metric {
  'name'?: (string);
  'value'?: (number | string);
}

export interface Metric__Output {
  'name': (string);
  'value': (number);
}
