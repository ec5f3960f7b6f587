import { ValidateBy, type ValidationOptions } from 'class-validator';

/** An object whose values are all finite numbers, e.g. `{ "evalLoss": 1.9 }`. */
export function IsNumberRecord(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNumberRecord',
      validator: {
        validate: (value: unknown) =>
          !!value &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 256 &&
          Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v)),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an object of finite numbers`,
      },
    },
    options,
  );
}
