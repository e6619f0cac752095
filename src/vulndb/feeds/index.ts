// Every feed reader, one per upstream format. Order matters only for `detect`: the first reader that
// recognises a file reads it.
import type { FeedReader } from '../model.js';
import { debianTrackerReader } from './debian-tracker/reader.js';
import { osvReader } from './osv/reader.js';

export const feedReaders: FeedReader[] = [
  debianTrackerReader,
  osvReader,
];
