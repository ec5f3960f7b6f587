export enum ModelExportErrorCode {
  /** The version's artifact holds something the exporter cannot convert; the message names it. */
  EXPORT_NOT_SUPPORTED = 'EXPORT_NOT_SUPPORTED',
}
