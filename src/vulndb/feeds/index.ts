// Every feed reader, one per upstream format. Order matters only for `detect`: the first reader that
// recognises a file reads it, so the broad OSV sniff comes last.
import type { FeedReader } from '../model.js';
import { alpineSecdbReader } from './alpine-secdb/reader.js';
import { csafReader } from './csaf/reader.js';
import { debianListReader } from './debian-list/reader.js';
import { debianTrackerReader } from './debian-tracker/reader.js';
import { epssReader } from './epss/reader.js';
import { kevReader } from './kev/reader.js';
import { nodejsWgReader } from './nodejs-wg/reader.js';
import { nvdReader } from './nvd/reader.js';
import { openvexReader } from './openvex/reader.js';
import { osvReader } from './osv/reader.js';
import { rubysecReader } from './rubysec/reader.js';
import { rustsecReader } from './rustsec/reader.js';

export const feedReaders: FeedReader[] = [
  debianTrackerReader,
  debianListReader,
  alpineSecdbReader,
  kevReader,
  epssReader,
  nvdReader,
  openvexReader,
  csafReader,
  nodejsWgReader,
  rustsecReader,
  rubysecReader,
  osvReader,
];
