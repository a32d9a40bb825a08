/* pngcheck FILE [WIDTH HEIGHT]: decodes a PNG and checks that it is a
 * drawn figure, not a blank page: at least 1% of its pixels differ from
 * the background (the corner pixel) and at least 3 colours are used.
 * Prints "WIDTHxHEIGHT ink=FRACTION colours=N"; exit 1 on failure. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 4) {
        fprintf(stderr, "usage: pngcheck FILE [WIDTH HEIGHT]\n");
        return 2;
    }
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, argv[1])) {
        fprintf(stderr, "pngcheck: %s: %s\n", argv[1], img.message);
        return 1;
    }
    img.format = PNG_FORMAT_RGB;
    size_t n = (size_t)img.width * img.height;
    unsigned char *px = malloc(3 * n);
    if (!px || !png_image_finish_read(&img, NULL, px, 0, NULL)) {
        fprintf(stderr, "pngcheck: %s: cannot decode: %s\n", argv[1], img.message);
        return 1;
    }
    size_t ink = 0, ncol = 0;
    enum { SLOTS = 4096 };
    static unsigned seen[SLOTS]; /* colours seen, 0: empty (colour + 1) */
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = px + 3 * i;
        if (memcmp(p, px, 3) != 0)
            ink++;
        unsigned c = ((unsigned)p[0] << 16 | (unsigned)p[1] << 8 | p[2]) + 1;
        for (unsigned h = (c * 2654435761u) % SLOTS, k = 0; k < SLOTS; k++, h = (h + 1) % SLOTS) {
            if (seen[h] == c)
                break;
            if (!seen[h]) {
                seen[h] = c;
                ncol++;
                break;
            }
        }
    }
    double frac = (double)ink / (double)n;
    printf("%ux%u ink=%.4f colours=%zu\n", img.width, img.height, frac, ncol);
    free(px);
    if (argc == 4 && (img.width != (unsigned)atoi(argv[2]) || img.height != (unsigned)atoi(argv[3]))) {
        fprintf(stderr, "pngcheck: %s: size %ux%u, expected %sx%s\n", argv[1], img.width,
                img.height, argv[2], argv[3]);
        return 1;
    }
    if (frac < 0.01 || ncol < 3) {
        fprintf(stderr, "pngcheck: %s: blank (ink %.4f, %zu colours)\n", argv[1], frac, ncol);
        return 1;
    }
    return 0;
}
