#!/usr/bin/env bash
# How large Reel's GIFs are, against the ffmpeg command line on the same frames.
#
#   bench/gif-size.sh EXPORT WORKDIR [SECONDS]
#
# EXPORT is Reel's `export` (or `reel`) binary. The script makes (once) a mostly still
# 1920x1080 desktop recording, WORKDIR/desk.mp4: a window over a gradient wallpaper, a
# line being typed and a pointer crossing it, x264 crf 20 (so the decoder's noise is
# there, as in a real recording). Reel exports it, with its default look and with a
# polished one that zooms, to a 960x540, 15 fps GIF and to PNG pictures of the same
# frames; ffmpeg then makes GIFs of those pictures:
#   per_frame       one palette per frame, Sierra dithering: the graph Reel used before
#                   its palette was kept across frames
#   global          one palette for the whole clip, paletteuse's changed rectangle
#                   (`diff_mode=rectangle`): the usual ffmpeg recipe
#   global_bayer    the same with stats_mode=diff and Bayer dithering (scale 5), the
#                   smallest of ffmpeg's usual recipes
# Prints a table (size, and PSNR of the GIF's frames against the pictures) and writes
# WORKDIR/gif-size.json. The per_frame row is byte for byte what Reel wrote before.
set -euo pipefail

export_bin=$(realpath "$1")
work=$2
seconds=${3:-5}
mkdir -p "$work"
cd "$work"

if [ ! -f desk.mp4 ]; then
    wallpaper=$(dirname "$(realpath "$0")")/../assets/media/wallpaper.png
    ffmpeg -hide_banner -loglevel error -y -loop 1 -framerate 30 -i "$wallpaper" \
        -f lavfi -i "color=c=white:s=1100x700:r=30" \
        -f lavfi -i "color=c=white:s=1000x18:r=30" \
        -f lavfi -i "color=c=black:s=18x26:r=30" \
        -filter_complex "[0:v]scale=1920:1080,format=yuv420p[bg];\
[1:v]drawbox=x=0:y=0:w=1100:h=40:color=0xdddddd:t=fill,\
drawbox=x=40:y=80:w=1000:h=18:color=0x333333:t=fill,\
drawbox=x=40:y=120:w=700:h=14:color=0x888888:t=fill,\
drawbox=x=40:y=150:w=820:h=14:color=0x888888:t=fill,\
drawbox=x=40:y=400:w=300:h=200:color=0x3366cc:t=fill[w0];\
[w0][2:v]overlay=x='40+t*220':y=80[win];[bg][win]overlay=300:150[d];\
[d][3:v]overlay=x='400+t*200':y='300+t*80'" \
        -t "$seconds" -c:v libx264 -crf 20 -preset veryfast -pix_fmt yuv420p desk.mp4
fi

# The average PSNR (dB) of a GIF's frames against pictures/, paired by index (a GIF's
# delays are whole hundredths of a second, so its timestamps drift from 15 fps).
psnr() {
    ffmpeg -hide_banner -nostats -i "$1" -framerate 15 -i pictures/frame-%06d.png \
        -lavfi "[0:v]settb=1/15,setpts=N,format=rgb24[a];[1:v]settb=1/15,setpts=N,format=rgb24[b];[a][b]psnr" \
        -f null - 2>&1 | sed -n 's/.*average:\([0-9.inf]*\).*/\1/p' | tail -n 1
}

# ffmpeg's GIF of pictures/ with the filter graph $2, written to $1.
ffmpeg_gif() {
    ffmpeg -hide_banner -loglevel error -y -framerate 15 -i pictures/frame-%06d.png -vf "$2" "$1"
}

# The looks: the default (the recording as it is), and a polished one whose zoom moves
# every pixel for a while.
looks=(
    'plain|'
    'zoom|background: Wallpaper("aurora"), inset: (padding: 0.07, corner_radius: 18), shadow: (offset: (0, 20), blur: 60, spread: 0, color: "#000000", opacity: 0.55), zooms: [(start: 1.0, end: 3.5, scale: 1.8, center: (900, 500), transition: 0.7)],'
)

printf '%-6s %-14s %12s %10s\n' look gif bytes psnr_db
json="{"
for entry in "${looks[@]}"; do
    look=${entry%%|*}
    fields=${entry#*|}
    echo "(source: (path: \"desk.mp4\"), output: (path: \"reel.gif\"), $fields)" > gif.ron
    echo "(source: (path: \"desk.mp4\"), output: (path: \"pictures\", size: (960, 540), fps: 15), $fields)" > pictures.ron
    "$export_bin" gif.ron --overwrite --quiet
    "$export_bin" pictures.ron --overwrite --quiet
    ffmpeg_gif per_frame.gif \
        "split[a][b];[a]palettegen=stats_mode=single:reserve_transparent=0[p];[b][p]paletteuse=new=1:dither=sierra2_4a"
    ffmpeg_gif global.gif "split[a][b];[a]palettegen[p];[b][p]paletteuse=diff_mode=rectangle"
    ffmpeg_gif global_bayer.gif \
        "split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=5:diff_mode=rectangle"
    json="$json\"$look\": {"
    for name in reel per_frame global global_bayer; do
        bytes=$(stat -c %s "$name.gif")
        quality=$(psnr "$name.gif")
        printf '%-6s %-14s %12s %10s\n' "$look" "$name" "$bytes" "$quality"
        json="$json\"$name\": {\"bytes\": $bytes, \"psnr_db\": $quality}, "
    done
    json="${json%, }, \"frames\": $(ls pictures | wc -l)}, "
done
json="${json%, }, \"seconds\": $seconds, \"size\": \"960x540\", \"fps\": 15}"
echo "$json" > gif-size.json
echo "wrote $work/gif-size.json"
