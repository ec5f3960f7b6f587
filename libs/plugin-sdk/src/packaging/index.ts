export { buildPlugin, loadPluginBundle } from './build-plugin';
export type { BuildPluginOptions, BuiltPlugin } from './build-plugin';
export { packPlugin } from './pack-plugin';
export type { PackedPlugin } from './pack-plugin';
export { PLUGIN_MANIFEST_FILE, PLUGIN_MAIN_FILE, validateBuiltManifest } from './plugin-package';
export type { BuiltPluginManifest, BuiltManifestValidation } from './plugin-package';
export { generateSigningKeys, signPlugin, verifyPluginSignature, keyFingerprint } from './signing';
export type { SigningKeys, SignatureVerification } from './signing';
