package acs;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parameters of a node start; with imageName and imageTag the node switches to that image. */
public record NodeStart(String imageName, String imageTag, DeployMethod method, Boolean update) {
    public NodeStart {
        boolean hasName = imageName != null && !imageName.isBlank();
        boolean hasTag = imageTag != null && !imageTag.isBlank();
        if (hasName != hasTag) {
            throw new InvalidInputException(hasName ? "imageTag" : "imageName",
                    "is required together with " + (hasName ? "imageName" : "imageTag") + "; give both or neither");
        }
        if (method != null) Checks.method(method);
    }

    public static NodeStart plain() { return new NodeStart(null, null, null, null); }
    public static NodeStart image(String name, String tag) { return new NodeStart(name, tag, null, null); }
    public NodeStart withMethod(DeployMethod m) { return new NodeStart(imageName, imageTag, m, update); }
    public NodeStart withUpdate(boolean u) { return new NodeStart(imageName, imageTag, method, u); }

    Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        Params.putIf(p, "imageName", imageName);
        Params.putIf(p, "imageTag", imageTag);
        Params.putIf(p, "method", method);
        Params.putIf(p, "update", update);
        return p;
    }
}
