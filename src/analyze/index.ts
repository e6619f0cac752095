// The registry of analyzers: a plain array. Add one line per analyzer.
import type { Analyzer } from './types.js';
import { osAnalyzer } from './os/os.js';
import { dpkgAnalyzer } from './dpkg/dpkg.js';
import { apkAnalyzer } from './apk/apk.js';
import { rpmAnalyzer } from './rpm/rpm.js';
import { npmAnalyzer } from './npm/index.js';
import { pythonAnalyzer } from './python/index.js';
import { binaryAnalyzer } from './binary/index.js';
import { rubyAnalyzer } from './ruby/index.js';
import { phpAnalyzer } from './php/index.js';
import { dotnetAnalyzer } from './dotnet/index.js';
import { golangAnalyzer } from './golang/index.js';
import { javaAnalyzer } from './java/index.js';
import { rustAnalyzer } from './rust/index.js';
import { secretAnalyzer } from './secret/index.js';
import { imageFilesAnalyzer } from './imageconfig/index.js';

export const analyzers: Analyzer[] = [
  osAnalyzer,
  dpkgAnalyzer,
  apkAnalyzer,
  rpmAnalyzer,
  npmAnalyzer,
  pythonAnalyzer,
  binaryAnalyzer,
  rubyAnalyzer,
  phpAnalyzer,
  dotnetAnalyzer,
  golangAnalyzer,
  javaAnalyzer,
  rustAnalyzer,
  secretAnalyzer,
  imageFilesAnalyzer,
];
