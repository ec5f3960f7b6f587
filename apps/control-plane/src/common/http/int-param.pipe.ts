import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiError } from '../errors/api-error';

/** Parses a positive integer path parameter; a 400 names the parameter otherwise. */
@Injectable()
export class PositiveIntPipe implements PipeTransform<string, number> {
  constructor(private readonly field: string) {}

  transform(value: string): number {
    const parsed = Number(value);
    if (!/^\d{1,9}$/.test(value) || !Number.isSafeInteger(parsed) || parsed < 1) {
      throw ApiError.validation([{ field: this.field, message: 'must be a positive integer' }]);
    }
    return parsed;
  }
}
