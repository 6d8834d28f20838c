package dev.sluice.sink.files.internal;

import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * The OutputFormat, key and value classes given to {@code saveAsHadoopFiles} or
 * {@code saveAsNewAPIHadoopFiles}, and the job configuration a part's task gives that format.
 */
record DeclaredOutput(Class<?> outputFormat, Class<?> keyClass, Class<?> valueClass) {

    /** The task as Hadoop's formats expect to find it: output and work directory, attempt, partition. */
    JobConf jobConf(PartTask task) {
        var job = new JobConf(task.conf());
        job.setOutputKeyClass(keyClass);
        job.setOutputValueClass(valueClass);
        job.set(FileOutputFormat.OUTDIR, task.dir().toString());
        job.set(MRJobConfig.TASK_OUTPUT_DIR, task.dir().toString());
        job.set(MRJobConfig.TASK_ATTEMPT_ID, attemptId(task).toString());
        job.setInt(MRJobConfig.TASK_PARTITION, task.number());
        job.setBoolean(MRJobConfig.TASK_ISMAP, true);
        return job;
    }

    /** e.g. {@code attempt_sluice1000_0000_m_000003_0}: the batch time names the job. */
    static TaskAttemptID attemptId(PartTask task) {
        return new TaskAttemptID(new TaskID(new JobID("sluice" + task.time().millis(), 0), TaskType.MAP, task.number()), 0);
    }

    Object key(Object key) {
        return Writables.as(key, keyClass, "key");
    }

    Object value(Object value) {
        return Writables.as(value, valueClass, "value");
    }
}
