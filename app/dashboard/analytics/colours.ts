// One colour per network line on the analytics page (its chart and each post's over-time chart),
// distinguishable and readable on white and dark backgrounds.
export const COLOURS = ["#1d4ed8", "#b91c1c", "#15803d", "#a16207", "#7e22ce", "#0e7490", "#be185d", "#4d7c0f", "#c2410c", "#334155", "#0f766e"];
