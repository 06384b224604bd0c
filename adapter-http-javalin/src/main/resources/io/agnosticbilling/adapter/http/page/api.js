// Calls this server's API with the tab's token; every failure becomes an ApiError carrying the
// problem+json document, so the page can show its sentence (detail) and act on its code.
import { currentSession } from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `The server answered ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const session = currentSession();
  if (session) {
    headers.Authorization = 'Bearer ' + session.token;
  }
  const init = { method, headers, credentials: 'omit', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, {
      detail: 'The server could not be reached. Check your connection and try again.',
    });
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const problem = json && typeof json === 'object' ? json : {};
    throw new ApiError(response.status, problem);
  }
  return json;
}
