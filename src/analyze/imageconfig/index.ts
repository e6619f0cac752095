// Misconfiguration checks of an image: the files of the final image (an analyzer in the layer walk) and the
// configuration and history (a pure function the scan calls with the image metadata and the detected OS).
export { imageFilesAnalyzer, collectFileFacts, fileFindings, type FileFacts } from './files.js';
export { checkImageConfig, DEFAULT_MAX_AGE_DAYS, type ImageConfigOptions } from './config.js';
export { eolRelease, isPastEol, type EolRelease } from './eol.js';
