// Original file: libs/proto/proto/alloy/admin/v1/registry.proto


export interface ListDomainsRequest {
}

export interface ListDomainsRequest__Output {
}
