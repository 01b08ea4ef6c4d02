// The coordinator page: upload a call sheet, follow its job, show and export its contacts.
// Every API call sends the pasted token as a bearer header; contact data is only ever
// inserted as text (never as HTML).
"use strict";

const API = document.body.dataset.api;
const $ = (id) => document.getElementById(id);
const POLL_MS = 1000;
const STAGES = {
  queued: "Waiting for a worker", loading: "Opening the file", reading: "Reading the pages",
  extracting: "Finding the contacts", ai: "Reading with AI", textract: "Reading with AWS Textract",
  waiting: "Waiting to try again", done: "Done",
};
const HINTS = {
  0: "The service does not answer: check that it is running, then try again.",
  401: "Paste a valid token in step 1 (ask whoever runs the service for a new one).",
  404: "It may belong to another token: paste the token you uploaded it with.",
  413: "Send a smaller file (split a long PDF, or lower a photo's resolution).",
  415: "Export the call sheet as a PDF, or take a photo of it.",
  429: "Wait a little before uploading again.",
  503: "The service is busy or partly down: try again in a minute.",
};
let shownJob = null;

class Problem extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

function token() { return $("token").value.trim(); }

function say(text) {
  $("message").textContent = text;
  $("message").hidden = !text;
}

function sayProblem(problem) {
  const status = problem instanceof Problem ? problem.status : 0;
  say(`${problem.message} ${HINTS[status] || ""}`.trim());
}

// fetch an API path with the bearer token; a non-2xx answer becomes a Problem with the API's message
async function call(path, options = {}) {
  if (!token()) throw new Problem(401, "No token yet.");
  let response;
  try {
    response = await fetch(API + path, { ...options, headers: { Authorization: `Bearer ${token()}` } });
  } catch {
    throw new Problem(0, "Could not reach the service.");
  }
  if (response.ok) return response;
  const body = await response.json().catch(() => ({}));
  let message = body.error?.message || `The service answered ${response.status} ${response.statusText}.`;
  const wait = response.headers.get("Retry-After");
  if (wait) message += ` Retry in ${wait} s.`;
  throw new Problem(response.status, message);
}

function cell(row, text) {
  const td = row.insertCell();
  td.textContent = text ?? "";
  return td;
}

// a tel: or mailto: link; a long e-mail may wrap before its "@" (a <wbr>, which is not copied)
function link(td, scheme, value) {
  const a = document.createElement("a");
  a.href = scheme + value;
  const at = value.indexOf("@");
  if (at > 0) a.append(value.slice(0, at), document.createElement("wbr"), value.slice(at));
  else a.textContent = value;
  td.append(a, document.createElement("br"));
}

function fillContacts(table, contacts) {
  const body = table.tBodies[0];
  body.replaceChildren();
  for (const contact of contacts) {
    const row = body.insertRow();
    cell(row, contact.name);
    cell(row, contact.role);
    cell(row, contact.department);
    const phones = cell(row, "");
    contact.phones.forEach((phone) => link(phones, "tel:", phone));
    if (contact.phoneExt) phones.append(`ext. ${contact.phoneExt}`);
    const email = cell(row, "");
    if (contact.email) link(email, "mailto:", contact.email);
    cell(row, `${Math.round(contact.confidence * 100)} %`).className = "number";
    cell(row, contact.page).className = "number";
  }
}

function showContacts(job, fileName) {
  const { contacts, belowThreshold } = job.results;
  $("results-summary").textContent = `${fileName ? fileName + ": " : ""}${contacts.length} contacts`
    + (belowThreshold.length ? `, and ${belowThreshold.length} to check by hand.` : ".");
  fillContacts($("contacts"), contacts);
  fillContacts($("below"), belowThreshold);
  $("below-box").hidden = belowThreshold.length === 0;
  $("results").hidden = false;
}

function showProgress(percent, stage) {
  $("progress-box").hidden = false;
  $("progress").value = percent;
  $("stage").textContent = `${STAGES[stage] || stage} (${percent} %)`;
}

// poll a job until it ends; a newer job (another upload, a click in the list) stops this one
async function follow(jobId, fileName) {
  shownJob = jobId;
  $("results").hidden = true;
  say("");
  while (shownJob === jobId) {
    let job;
    try {
      job = await (await call(`/job/${jobId}`)).json();
    } catch (problem) {
      sayProblem(problem);
      if (problem.status !== 0 && problem.status !== 503) return;
      await new Promise((done) => setTimeout(done, POLL_MS * 3));
      continue;
    }
    if (shownJob !== jobId) return;
    showProgress(job.progress.percent, job.progress.stage || job.status);
    if (job.resultsDeletedAt) say(`The contacts of this call sheet were deleted on ${new Date(job.resultsDeletedAt).toLocaleString()}.`);
    else if (job.status === "completed") showContacts(job, fileName);
    if (job.status === "failed") say(`This call sheet could not be read: ${job.error || "no reason given"}`);
    if (job.status === "cancelled") say("This job was cancelled.");
    if (["completed", "failed", "cancelled"].includes(job.status)) return loadJobs();
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
}

async function upload(event) {
  event.preventDefault();
  const file = $("file").files[0];
  if (!file) return say("Choose or drop a call sheet first.");
  const form = new FormData();
  form.append("file", file);
  form.append("extractionMethod", $("method").value);
  form.append("priority", $("priority").value);
  $("upload").disabled = true;
  try {
    const answer = await (await call("/upload", { method: "POST", body: form })).json();
    showProgress(0, "queued");
    loadJobs();
    follow(answer.jobId, file.name);
  } catch (problem) {
    sayProblem(problem);
  } finally {
    $("upload").disabled = false;
  }
}

// exports need the bearer header, so they are fetched and saved as a blob, not linked
async function download(kind) {
  const include = $("include-below").checked ? "?include=belowThreshold" : "";
  try {
    const response = await call(`/job/${shownJob}/contacts.${kind}${include}`);
    const disposition = response.headers.get("Content-Disposition") || "";
    const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    const plain = /filename="?([^";]+)"?/i.exec(disposition);
    const a = document.createElement("a");
    a.href = URL.createObjectURL(await response.blob());
    a.download = utf8 ? decodeURIComponent(utf8[1]) : plain ? plain[1] : `contacts.${kind}`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
  } catch (problem) {
    sayProblem(problem);
  }
}

async function loadJobs() {
  if (!token()) return;
  let jobs;
  try {
    jobs = (await (await call("/jobs?limit=10")).json()).jobs;
  } catch (problem) {
    return sayProblem(problem);
  }
  const body = $("jobs").tBodies[0];
  body.replaceChildren();
  for (const job of jobs) {
    const row = body.insertRow();
    const open = document.createElement("button");
    open.type = "button";
    open.className = "link";
    open.textContent = job.fileName || job.jobId;
    open.addEventListener("click", () => follow(job.jobId, job.fileName));
    cell(row, "").append(open);
    cell(row, job.status);
    cell(row, job.contactsExtracted).className = "number";
    cell(row, job.extractionMethod);
    cell(row, job.priority);
    cell(row, new Date(job.createdAt).toLocaleString());
  }
  $("jobs-empty").hidden = jobs.length > 0;
}

function chose() {
  const file = $("file").files[0];
  $("file-name").textContent = file ? `Ready: ${file.name}` : "";
}

function start() {
  const params = new URLSearchParams(location.search);
  $("token").value = params.get("token") || sessionStorage.getItem("callsheet-token") || "";
  sessionStorage.setItem("callsheet-token", $("token").value);
  if (params.has("token")) {  // out of the address bar, the history and bookmarks
    params.delete("token");
    history.replaceState(null, "", location.pathname + (params.size ? `?${params}` : ""));
  }
  $("token").addEventListener("change", () => {
    sessionStorage.setItem("callsheet-token", token());
    say("");
    loadJobs();
  });
  $("upload-form").addEventListener("submit", upload);
  $("file").addEventListener("change", chose);
  const zone = $("drop-zone");
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    $("file").files = event.dataTransfer.files;
    chose();
  });
  $("download-csv").addEventListener("click", () => download("csv"));
  $("download-vcf").addEventListener("click", () => download("vcf"));
  $("refresh-jobs").addEventListener("click", loadJobs);
  loadJobs();
}

start();
