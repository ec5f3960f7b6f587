// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface ListBaseModelsRequest {
}

export interface ListBaseModelsRequest__Output {
}
