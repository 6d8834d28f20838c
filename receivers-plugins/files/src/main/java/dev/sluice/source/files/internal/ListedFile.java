package dev.sluice.source.files.internal;

import org.apache.hadoop.fs.Path;

/** A file as the directory listing showed it. */
record ListedFile(Path path, long modificationTime, long length) {
}
