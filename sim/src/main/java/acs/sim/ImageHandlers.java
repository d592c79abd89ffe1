package acs.sim;

/** The image endpoint: the images every key sees alike. */
final class ImageHandlers {
    private ImageHandlers() {}

    static Object list(Call c) {
        return c.store().images();
    }
}
