package acs;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;

/** An image. The wire name of {@link #modifyTime} is {@code ImageModifyTime} (capital I, sic). */
public record Image(long id, String imageName, String imageTag, String imageAlias, String imageDescription,
                    @JsonProperty("ImageModifyTime") OffsetDateTime modifyTime) {
    public Image {
        imageName = imageName == null ? "" : imageName;
        imageTag = imageTag == null ? "" : imageTag;
        imageAlias = imageAlias == null ? "" : imageAlias;
        imageDescription = imageDescription == null ? "" : imageDescription;
    }
}
