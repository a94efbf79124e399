/** The error body every Gallery API answers with (the spec's `GalleryError`). */
export interface GalleryErrorBody {
  data: null;
  exceptionName: string;
  innerExceptionMessage: string;
  message: string;
}

/** A rejection the mock answers with a Gallery-shaped body. */
export interface GalleryFailure {
  status: number;
  body: GalleryErrorBody;
}

/**
 * Builds a Gallery-shaped error (`{"data":null,"exceptionName":...}`) with its HTTP status.
 */
export function galleryError(
  status: number,
  exceptionName: string,
  message: string,
  innerExceptionMessage = "",
): GalleryFailure {
  return { status, body: { data: null, exceptionName, innerExceptionMessage, message } };
}

/** A 401 `UnauthorizedException`, the answer to every failed OAuth1 check. */
export function unauthorized(message: string, innerExceptionMessage = ""): GalleryFailure {
  return galleryError(401, "UnauthorizedException", message, innerExceptionMessage);
}

/** A 400 `ArgumentException`, the answer to a request the server cannot even read. */
export function badRequest(message: string, innerExceptionMessage = ""): GalleryFailure {
  return galleryError(400, "ArgumentException", message, innerExceptionMessage);
}

/** A 404 `NotFoundException`. */
export function notFound(message: string): GalleryFailure {
  return galleryError(404, "NotFoundException", message);
}
