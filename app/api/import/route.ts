// POST /api/import — bulk import posts from a CSV (multipart `file` + `dryRun`, or a text/csv body with ?dryRun=1): preview or schedule (editor).
import { withWorkspace } from "@/lib/api/handler";
import { readBodyBytes } from "@/lib/api/input";
import { HeraldError } from "@/lib/errors";
import { previewImport, runImport } from "@/lib/import-csv";
import { IMPORT_MAX_BYTES, ImportOptions } from "@/lib/validation/import";

export const runtime = "nodejs";
export const maxDuration = 60;

const TOO_LARGE = `The file is larger than 1 MB (${IMPORT_MAX_BYTES.toLocaleString("en")} bytes); split it into smaller files.`;

async function readUpload(req: Request): Promise<{ bytes: Uint8Array; dryRun: unknown }> {
  // The multipart boundary is case-sensitive (browsers use mixed case): compare lowercased, pass on as sent.
  const contentType = req.headers.get("content-type") ?? "";
  const type = contentType.toLowerCase();
  const tooLarge = () => new HeraldError("payload_too_large", TOO_LARGE);
  const query = new URL(req.url).searchParams.get("dryRun") ?? undefined;
  if (type.startsWith("multipart/form-data")) {
    // Multipart adds a little framing around the file; a body far beyond the limit is refused by
    // its Content-Length unread, or while streaming, never buffered whole.
    const body = await readBodyBytes(req, IMPORT_MAX_BYTES + 64_000, tooLarge);
    let form: FormData;
    try {
      form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    } catch {
      throw new HeraldError("bad_request", "The upload could not be read as multipart/form-data.");
    }
    const file = form.get("file");
    if (!(file instanceof Blob)) {
      throw new HeraldError("validation_failed", "The request is invalid.", { fields: [{ path: "file", message: "Choose a CSV file to upload." }] });
    }
    if (file.size > IMPORT_MAX_BYTES) throw new HeraldError("payload_too_large", TOO_LARGE);
    const field = form.get("dryRun");
    return { bytes: new Uint8Array(await file.arrayBuffer()), dryRun: typeof field === "string" ? field : query };
  }
  if (type.startsWith("text/csv") || type.startsWith("text/plain") || type.startsWith("application/csv")) {
    return { bytes: await readBodyBytes(req, IMPORT_MAX_BYTES, tooLarge), dryRun: query };
  }
  throw new HeraldError("bad_request", 'Send the CSV as multipart/form-data in the field "file", or as a text/csv body.');
}

export const POST = withWorkspace(async ({ req, workspaceId }) => {
  const upload = await readUpload(req);
  const { dryRun } = ImportOptions.parse({ dryRun: upload.dryRun });
  if (dryRun) {
    const preview = await previewImport(workspaceId, upload.bytes);
    return { success: true, timeZone: preview.timeZone, preview: preview.rows, errors: preview.errors };
  }
  const result = await runImport(workspaceId, upload.bytes);
  return Response.json({ success: true, ...result }, { status: 201 });
}, { minRole: "editor" });
