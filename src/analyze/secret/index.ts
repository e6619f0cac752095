// Secret scanning (issue 8): files of every layer (deleted ones included) and the image configuration.
export { createSecretAnalyzer, secretAnalyzer } from './analyzer.js';
export { findImageConfigSecrets, redactSecrets, type ImageConfigSecretsInput } from './image-config.js';
export { loadSecretConfig, parseSecretConfig, activeRules, type SecretConfig, type AllowRule } from './config.js';
export { BUILTIN_RULES, type SecretRule } from './rules.js';
export { BUILTIN_ALLOW_RULES } from './allow-rules.js';
export { compileRules, findSecrets, REDACTED, type TextFinding } from './detect.js';
export { MAX_SECRET_FILE_BYTES, isScannableFile } from './file-scanner.js';
