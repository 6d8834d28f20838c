package dev.sluice.sink.files.internal;

import dev.sluice.api.Time;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where one partition of a batch is written: a directory of its own inside the batch's attempt,
 * and a number unique within the batch (partitions are numbered as their tasks start, so it is
 * not the partition's index).
 */
record PartTask(FileSystem fs, Configuration conf, Path dir, int number, Time time) {
}
