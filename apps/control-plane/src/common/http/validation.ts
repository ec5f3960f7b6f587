import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError, type FieldProblem } from '../errors/api-error';

/** Flattens class-validator's tree into `field.path: message` problems. */
export function toFieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property \S+ should not exist$/, 'unknown field'),
    }));
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}

/** Unknown fields rejected, types enforced, every problem named in the 400. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ApiError.validation(toFieldProblems(errors)),
  });
}
