import { escapeHtml as e } from "./escape-html";

/**
 * The printed page, in one place: the PDF options and the report's `@page` rule both come from
 * these numbers, so the CSS layout and Chromium's page box can never disagree. The top and bottom
 * margins hold the running header and footer.
 */
export const PRINT_PAGE = {
  format: "A4",
  widthMm: 210,
  heightMm: 297,
  margin: { topMm: 16, bottomMm: 16, leftMm: 12, rightMm: 12 },
} as const;

/** CSS pixels per millimetre (96 px per inch). */
export const PX_PER_MM = 96 / 25.4;

/** The width of the printed content box, in CSS pixels (what a table may use at most). */
export function printContentWidthPx(): number {
  const { widthMm, margin } = PRINT_PAGE;
  return (widthMm - margin.leftMm - margin.rightMm) * PX_PER_MM;
}

const mm = (value: number) => `${value}mm`;

/** The `@page` rule matching `printPdfOptions` (Chromium lets CSS page margins win, so they must agree). */
export function pageRuleCss(): string {
  const { margin } = PRINT_PAGE;
  return `@page{size:${PRINT_PAGE.format} portrait;margin:${mm(margin.topMm)} ${mm(margin.rightMm)} ${mm(margin.bottomMm)} ${mm(margin.leftMm)}}`;
}

export interface RunningHeadInput {
  site: string;
  scanId: string;
}

/** Long site names are cut so the header stays one line; the full URL is on the summary page. */
const clip = (value: string, max: number) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

// Chromium renders these templates in an isolated page without the report's CSS: every style is
// inline and the font size explicit (its default is too small to read). The padding mirrors the
// page margins so the running text lines up with the body and never reaches the paper's edge.
const bandStyle = () =>
  `box-sizing:border-box;width:100%;padding:0 ${mm(PRINT_PAGE.margin.rightMm)} 0 ${mm(PRINT_PAGE.margin.leftMm)};font:8px/1.3 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#616e7c;display:flex;justify-content:space-between;gap:8px;-webkit-print-color-adjust:exact`;

/** The running header: the site and the scan id, escaped (both come from the scanned site or the request). */
export function headerTemplate({ site, scanId }: RunningHeadInput): string {
  return `<div style="${bandStyle()}"><span style="overflow:hidden;white-space:nowrap;text-overflow:ellipsis">Privacy evidence report · ${e(clip(site, 90))}</span><span style="white-space:nowrap">scan ${e(clip(scanId, 60))}</span></div>`;
}

/** The running footer: "Page n of m" (Chromium fills the pageNumber/totalPages spans). */
export function footerTemplate({ site }: RunningHeadInput): string {
  return `<div style="${bandStyle()}"><span style="overflow:hidden;white-space:nowrap;text-overflow:ellipsis">${e(clip(site, 90))} · evidence, not legal advice</span><span style="white-space:nowrap">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

/** What `page.pdf` takes for the report (a subset of Playwright's PDF options, kept free of its types). */
export interface ReportPdfOptions {
  format: string;
  printBackground: boolean;
  displayHeaderFooter: boolean;
  headerTemplate: string;
  footerTemplate: string;
  margin: { top: string; bottom: string; left: string; right: string };
}

export function printPdfOptions(head: RunningHeadInput): ReportPdfOptions {
  const { margin } = PRINT_PAGE;
  return {
    format: PRINT_PAGE.format,
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: headerTemplate(head),
    footerTemplate: footerTemplate(head),
    margin: { top: mm(margin.topMm), bottom: mm(margin.bottomMm), left: mm(margin.leftMm), right: mm(margin.rightMm) },
  };
}
