#!/usr/bin/env bash
# The baseline Reel's benchmark measures itself against: what someone would run with
# the ffmpeg command line instead of Reel, timed on the same machine in the same run.
#
#   bench/ffmpeg-baseline.sh FFMPEG WORKDIR [SECONDS] [THREADS] [WIDTHxHEIGHT]
#
# Makes (once) a 30 fps testsrc2 recording, WORKDIR/src_WIDTHxHEIGHT.mp4 (x264
# veryfast, crf 18, 4:2:0), which the benchmark then exports with Reel, and prints one
# `name fps` line for each of:
#   decode_fps     decoding that recording
#   encode_fps     encoding testsrc2 with x264 veryfast crf 20
#   transcode_fps  decoding the recording and encoding it again (veryfast crf 20): the
#                  cost of a plain export with no effect at all
#   effects_fps    at 1920x1080 only: a "screen studio" look as one filter graph (the
#                  recording blurred behind, itself at 1600x900 with corners rounded at
#                  24 pixels over a soft shadow), decoded, filtered and encoded
set -euo pipefail

ffmpeg=$1
work=$2
seconds=${3:-20}
threads=${4:-0}
size=${5:-1920x1080}
frames=$((seconds * 30))
mkdir -p "$work"
cd "$work"

# Prints the frames per second one command achieves, its own output discarded.
fps() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    awk -v n="$frames" -v a="$start" -v b="$end" 'BEGIN { printf "%.1f\n", n / (b - a) }'
}

source="src_$size.mp4"
if [ ! -f "$source" ]; then
    "$ffmpeg" -y -v error -f lavfi -i "testsrc2=size=$size:rate=30" -t "$seconds" \
        -c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p "$source"
fi

echo "decode_fps $(fps "$ffmpeg" -y -threads "$threads" -i "$source" -f null -)"
echo "encode_fps $(fps "$ffmpeg" -y -f lavfi -i "testsrc2=size=$size:rate=30" -t "$seconds" \
    -c:v libx264 -preset veryfast -crf 20 -threads "$threads" -pix_fmt yuv420p enc.mp4)"
echo "transcode_fps $(fps "$ffmpeg" -y -threads "$threads" -i "$source" \
    -c:v libx264 -preset veryfast -crf 20 -threads "$threads" -pix_fmt yuv420p tc.mp4)"

[ "$size" = 1920x1080 ] || exit 0

# The look's still parts, made once: the rounded rectangle's opacity (1600x900, radius
# 24) and the shadow under it (the mask moved into place, box-blurred, 55% black).
if [ ! -f mask.png ]; then
    corner="hypot(max(0,max(24-X,X-(W-1-24))),max(0,max(24-Y,Y-(H-1-24))))"
    "$ffmpeg" -y -v error -f lavfi -i color=c=white:s=1600x900,format=gray \
        -vf "geq=lum='if(gt($corner,24),0,255)'" -frames:v 1 mask.png
fi
if [ ! -f shadow.png ]; then
    "$ffmpeg" -y -v error -f lavfi -i color=c=black@0.0:s=1920x1080,format=rgba -i mask.png \
        -filter_complex "[1:v]format=gray,pad=1920:1080:160:110:black,boxblur=24:3[a];color=c=black:s=1920x1080,format=rgba[k];[k][a]alphamerge,colorchannelmixer=aa=0.55[s];[0:v][s]overlay" \
        -frames:v 1 shadow.png
fi
look="[0:v]split=2[fg][b];[b]scale=480:270,boxblur=12:2,scale=1920:1080,format=rgba[bg];[bg][2:v]overlay[bgs];[fg]scale=1600:900,format=rgba[f];[f][1:v]alphamerge[fr];[bgs][fr]overlay=160:90,format=yuv420p[out]"
echo "effects_fps $(fps "$ffmpeg" -y -threads "$threads" -i "$source" -i mask.png -i shadow.png \
    -filter_complex "$look" -map "[out]" -c:v libx264 -preset veryfast -crf 20 -threads "$threads" eff.mp4)"
