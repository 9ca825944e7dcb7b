// Reading a multipart/form-data upload with a hard size cap: the body is counted while it
// streams in, so an oversized upload is refused without being buffered whole.
import { env } from "../env";
import { assertNoNul } from "../api/input";
import { HeraldError } from "../errors";
import { tooLarge, type NewMedia } from "./assets";

// Room for the multipart boundaries, part headers and the altText field around the file.
const MULTIPART_SLACK = 64 * 1024;

export async function readUpload(req: Request, maxBytes: number): Promise<NewMedia> {
  const type = req.headers.get("content-type") ?? "";
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_SLACK) throw tooLarge(declared, maxBytes, true);
  if (!req.body) throw missingFile();

  let total = 0;
  let exceeded = false;
  const counted = req.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        if (total > maxBytes + MULTIPART_SLACK) {
          exceeded = true;
          controller.error(new Error("upload too large"));
        } else {
          controller.enqueue(chunk);
        }
      },
    }),
  );
  let form: FormData;
  try {
    form = await new Response(counted, { headers: { "content-type": type } }).formData();
  } catch (err) {
    if (exceeded) throw tooLarge(total, maxBytes, true);
    throw new HeraldError("bad_request", "The body is not valid multipart/form-data.", { cause: err });
  }

  const file = form.get("file");
  if (typeof file === "string") {
    throw new HeraldError("validation_failed", 'The field "file" must be a file, not text.', {
      fields: [{ path: "file", message: "Must be a file." }],
    });
  }
  if (!file) throw missingFile();
  if (file.size > maxBytes) throw tooLarge(file.size, maxBytes);
  const altText = form.get("altText");
  if (altText !== null && typeof altText !== "string") {
    throw new HeraldError("validation_failed", 'The field "altText" must be text.', {
      fields: [{ path: "altText", message: "Must be text." }],
    });
  }
  // The same refusal readJson gives JSON bodies (lib/api/input.ts): PostgreSQL cannot store a NUL.
  assertNoNul({ altText: altText ?? undefined, file: { name: file.name } });
  return {
    data: Buffer.from(await file.arrayBuffer()),
    filename: file.name || undefined,
    mime: file.type || undefined,
    altText: altText ?? undefined,
  };
}

function missingFile(): HeraldError {
  return new HeraldError("validation_failed", 'No file: send it as multipart/form-data in the field "file".', {
    fields: [{ path: "file", message: "Required." }],
  });
}

/** POST /api/media with a multipart body: the body is read whole before `process` runs. */
export async function readMediaUpload(req: Request): Promise<NewMedia> {
  return readUpload(req, env().UPLOAD_MAX_BYTES);
}
