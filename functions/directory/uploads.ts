/**
 * What may be uploaded to the library: the file's own first bytes decide its type (magic bytes),
 * not the name or the Content-Type the browser claims; the name's extension must agree.
 */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

interface Kind {
  type: string;
  extensions: string[];
  magic: number[];
}

const KINDS: Kind[] = [
  { type: "application/pdf", extensions: ["pdf"], magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: "image/png", extensions: ["png"], magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: "image/jpeg", extensions: ["jpg", "jpeg"], magic: [0xff, 0xd8, 0xff] },
  // Office Open XML and OpenDocument files are ZIP archives.
  { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extensions: ["docx"], magic: [0x50, 0x4b, 0x03, 0x04] },
  { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: ["xlsx"], magic: [0x50, 0x4b, 0x03, 0x04] },
  { type: "application/vnd.openxmlformats-officedocument.presentationml.presentation", extensions: ["pptx"], magic: [0x50, 0x4b, 0x03, 0x04] },
  { type: "application/vnd.oasis.opendocument.text", extensions: ["odt"], magic: [0x50, 0x4b, 0x03, 0x04] },
  // Legacy Word, Excel and PowerPoint files (OLE compound documents).
  { type: "application/msword", extensions: ["doc"], magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
];

export const ALLOWED_EXTENSIONS = KINDS.flatMap((k) => k.extensions);

/** The stored content type for a file, or why it is refused. */
export function checkUpload(name: string, bytes: Uint8Array): { type: string } | { error: string } {
  if (bytes.length === 0) return { error: "the file is empty" };
  if (bytes.length > MAX_UPLOAD_BYTES) return { error: `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` };
  const ext = name.toLowerCase().split(".").pop() ?? "";
  const kind = KINDS.find((k) => k.extensions.includes(ext));
  if (!kind) return { error: `only ${ALLOWED_EXTENSIONS.join(", ")} files are accepted` };
  if (!kind.magic.every((b, i) => bytes[i] === b)) return { error: `the content is not a ${ext.toUpperCase()} file` };
  return { type: kind.type };
}

/**
 * The name sent in `X-File-Name`, which clients URL-encode (headers carry only Latin-1): null when
 * it is not a valid encoding, such as a bare `%` (`100%.pdf`) or a cut-off sequence (`%E0%A4%A`).
 */
export function decodeFileName(header: string): string | null {
  try {
    return decodeURIComponent(header);
  } catch {
    return null;
  }
}

/** A stored file name's length at most. */
const MAX_FILE_NAME = 150;

/** A file name safe for headers: no paths, no control, quote or direction characters, its extension kept. */
export function safeFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    // Direction marks and overrides (U+202E before "fdp.exe" shows "exe.pdf") would disguise the name: dropped.
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/[\u0000-\u001f\u007f"\\]/g, "_");
  if (base.length <= MAX_FILE_NAME) return base || "file";
  // Cut in the middle of the name, never its extension (which says what the file is).
  const ext = /\.[A-Za-z0-9]{1,10}$/.exec(base)?.[0] ?? "";
  return base.slice(0, MAX_FILE_NAME - ext.length) + ext;
}
