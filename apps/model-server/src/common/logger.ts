/** Injection token of the process's pino logger (made by @alloy/runtime's createServiceLogger). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
