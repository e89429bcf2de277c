import { extname } from "node:path";

/** MIME types of the files a run directory holds, by extension (yProv4ML derives them the same way). */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  ".json": "application/json",
  ".jsonl": "application/x-ndjson",
  ".csv": "text/csv",
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".html": "text/html",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".dot": "text/vnd.graphviz",
  ".provn": "text/provenance-notation",
  ".ttl": "text/turtle",
  ".nc": "application/x-netcdf",
  ".yaml": "application/yaml",
  ".yml": "application/yaml",
  ".py": "text/x-python",
  ".ts": "text/x-typescript",
  ".js": "text/javascript",
  ".zip": "application/zip",
  ".onnx": "application/octet-stream",
  ".bin": "application/octet-stream",
};

/** The MIME type of a file name; `application/octet-stream` when its extension says nothing. */
export function mediaTypeOf(fileName: string): string {
  return MEDIA_TYPES[extname(fileName).toLowerCase()] ?? "application/octet-stream";
}
