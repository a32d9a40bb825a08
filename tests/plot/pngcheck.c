/* pngcheck FILE [WIDTH HEIGHT [X0 Y0 X1 Y1 MIN]]: decodes a PNG and checks
 * that it is a drawn figure, not a blank page: at least 1% of its pixels
 * differ from the background (the corner pixel) and at least 3 colours are
 * used. With a region (pixels, top left to bottom right): at least MIN
 * percent of its pixels coloured (not grey or white) in at least 20
 * distinct colours (a map drawn in a colour scale fills it; lines, points
 * and bands on white do not). Prints "WIDTHxHEIGHT ink=FRACTION colours=N"
 * (and " region=PERCENT%/COLOURS"); exit 1 on failure. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SLOTS = 4096 };

/* Adds the colour of pixel p to the open-addressing set seen (0: empty
 * slot, else colour + 1); 1 when it was new. */
static int colour_add(unsigned *seen, const unsigned char *p)
{
    unsigned c = ((unsigned)p[0] << 16 | (unsigned)p[1] << 8 | p[2]) + 1;
    for (unsigned h = (c * 2654435761u) % SLOTS, k = 0; k < SLOTS; k++, h = (h + 1) % SLOTS) {
        if (seen[h] == c)
            return 0;
        if (!seen[h]) {
            seen[h] = c;
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 4 && argc != 9) {
        fprintf(stderr, "usage: pngcheck FILE [WIDTH HEIGHT [X0 Y0 X1 Y1 MIN]]\n");
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
    static unsigned seen[SLOTS]; /* colours seen */
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = px + 3 * i;
        if (memcmp(p, px, 3) != 0)
            ink++;
        ncol += colour_add(seen, p);
    }
    double frac = (double)ink / (double)n;
    printf("%ux%u ink=%.4f colours=%zu", img.width, img.height, frac, ncol);
    size_t region = 0, coloured = 0, area = 0;
    if (argc == 9) {
        memset(seen, 0, sizeof seen);
        unsigned x0 = (unsigned)atoi(argv[4]), y0 = (unsigned)atoi(argv[5]);
        unsigned x1 = (unsigned)atoi(argv[6]), y1 = (unsigned)atoi(argv[7]);
        for (unsigned y = y0; y < y1 && y < img.height; y++)
            for (unsigned x = x0; x < x1 && x < img.width; x++) {
                const unsigned char *p = px + 3 * ((size_t)y * img.width + x);
                area++;
                if (abs(p[0] - p[1]) < 8 && abs(p[1] - p[2]) < 8)
                    continue; /* grey: text, lines, grid */
                coloured++;
                region += colour_add(seen, p);
            }
        printf(" region=%.0f%%/%zu", 100.0 * (double)coloured / (double)(area ? area : 1),
               region);
    }
    printf("\n");
    free(px);
    if (argc == 4 && (img.width != (unsigned)atoi(argv[2]) || img.height != (unsigned)atoi(argv[3]))) {
        fprintf(stderr, "pngcheck: %s: size %ux%u, expected %sx%s\n", argv[1], img.width,
                img.height, argv[2], argv[3]);
        return 1;
    }
    if (argc == 9 && (100 * coloured < (size_t)atoi(argv[8]) * area || region < 20)) {
        fprintf(stderr, "pngcheck: %s: the region is not filled with colours (%zu of %zu "
                "pixels, %zu colours; expected %s%%)\n", argv[1], coloured, area, region, argv[8]);
        return 1;
    }
    if (frac < 0.01 || ncol < 3) {
        fprintf(stderr, "pngcheck: %s: blank (ink %.4f, %zu colours)\n", argv[1], frac, ncol);
        return 1;
    }
    return 0;
}
