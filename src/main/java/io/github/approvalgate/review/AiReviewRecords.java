package io.github.approvalgate.review;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.approvalgate.source.SourceObject;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Reads and writes {@link AiReviewRecord}s in the tags of a request's object version (tagging a version creates no new
 * version). A write replaces the record's own tags and keeps every other tag of the version.
 */
@ApplicationScoped
public class AiReviewRecords {

    private final S3Client s3;

    AiReviewRecords(S3Client s3) {
        this.s3 = s3;
    }

    /** The version's tags, in S3's order. */
    public Map<String, String> tags(SourceObject object, String versionId) {
        Map<String, String> tags = new LinkedHashMap<>();
        s3.getObjectTagging(get -> get.bucket(object.bucket()).key(object.key()).versionId(versionId)).tagSet()
                .forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    /**
     * Writes the record, keeping the version's other tags as read in {@code current}.
     *
     * @return the version's tags now
     */
    Map<String, String> write(SourceObject object, String versionId, Map<String, String> current, AiReviewRecord record) {
        List<Tag> tags = new ArrayList<>();
        current.forEach((key, value) -> {
            if (!AiReviewRecord.isRecordTag(key)) {
                tags.add(Tag.builder().key(key).value(value).build());
            }
        });
        tags.addAll(record.tags());
        s3.putObjectTagging(put -> put.bucket(object.bucket()).key(object.key()).versionId(versionId)
                .tagging(tagging -> tagging.tagSet(tags)));
        Map<String, String> written = new LinkedHashMap<>();
        tags.forEach(tag -> written.put(tag.key(), tag.value()));
        return written;
    }
}
