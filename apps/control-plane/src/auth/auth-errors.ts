import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/errors/api-error';

export enum AuthErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  ACCOUNT_LOCKED = 'ACCOUNT_LOCKED',
  RATE_LIMITED = 'RATE_LIMITED',
}

export const unauthenticated = () =>
  new ApiError(
    HttpStatus.UNAUTHORIZED,
    AuthErrorCode.UNAUTHENTICATED,
    'missing, invalid, expired or revoked credentials: send "Authorization: Bearer <token>"',
  );

export const forbidden = (reason: string) =>
  new ApiError(HttpStatus.FORBIDDEN, AuthErrorCode.FORBIDDEN, reason);
