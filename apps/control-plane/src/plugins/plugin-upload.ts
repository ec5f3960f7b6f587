import type { Readable } from 'node:stream';
import { HttpStatus } from '@nestjs/common';
import { ApiError, CommonErrorCode } from '../common/errors/api-error';
import { PluginErrorCode } from './plugins.errors';

/** Content types a package upload may carry: the tarball itself, as bytes. */
export const PACKAGE_TYPES = ['application/gzip', 'application/x-gzip', 'application/octet-stream'];

/** Reads an uploaded package into memory, refusing it as soon as it passes the limit. */
export async function readPackage(
  contentType: string | undefined,
  body: Readable,
  limitBytes: number,
): Promise<Buffer> {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (!PACKAGE_TYPES.includes(type)) {
    body.resume();
    throw ApiError.badRequest(
      PluginErrorCode.INVALID_PLUGIN_PACKAGE,
      `content-type: send the package as ${PACKAGE_TYPES.join(' or ')}, not "${type || 'none'}"`,
    );
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += (chunk as Buffer).length;
    if (bytes > limitBytes) {
      body.destroy();
      throw new ApiError(
        HttpStatus.PAYLOAD_TOO_LARGE,
        CommonErrorCode.PAYLOAD_TOO_LARGE,
        `the package exceeds the limit of ${limitBytes} bytes (PLUGIN_UPLOAD_LIMIT)`,
        { limit: limitBytes },
      );
    }
    chunks.push(chunk as Buffer);
  }
  if (bytes === 0)
    throw ApiError.badRequest(PluginErrorCode.INVALID_PLUGIN_PACKAGE, 'the package is empty');
  return Buffer.concat(chunks);
}
