// Value-axis maths shared by every drawing of a chart: the SVG one (desk and portal) and the PDF.

/** A round step for the value axis: 1, 2 or 5 × 10ⁿ, about five lines. */
export function axisStep(max: number): number {
  const rough = Math.max(max, 1) / 5
  const power = 10 ** Math.floor(Math.log10(rough))
  return [1, 2, 5, 10].map((k) => k * power).find((s) => s >= rough) ?? 10 * power
}
