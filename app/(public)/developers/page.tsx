import type { Metadata } from "next";
import { type JsonSchema, openApiDocument } from "@/lib/api/openapi";
import { FieldTable, fieldOf, fieldsOf, Prose, refName } from "./schema-fields";

export const metadata: Metadata = { title: "REST API reference" };

// The REST API reference for integrators, rendered on the server from the same OpenAPI
// document /api/v1/openapi.json serves (itself made from the zod schemas the routes
// validate with), so the page cannot drift from the API. Public, like the spec.

type Media = { schema: JsonSchema };
type ApiResponse = { description: string; headers?: Record<string, { description?: string }>; content?: Record<string, Media> };
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; required: boolean; description?: string; schema: JsonSchema }>;
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, ApiResponse>;
};

const methodColours: Record<string, string> = {
  get: "bg-sky-100 text-sky-900",
  post: "bg-emerald-100 text-emerald-900",
  patch: "bg-amber-100 text-amber-900",
};

function ResponseBody({ response }: { response: ApiResponse }) {
  const schema = response.content?.["application/json"]?.schema;
  if (!schema) return null;
  const name = refName(schema);
  if (name)
    return (
      <a href={`#schema-${name}`} className="font-mono text-xs underline">
        {name}
      </a>
    );
  return <span className="font-mono text-xs">{typeof schema.type === "string" ? schema.type : "JSON"}</span>;
}

function OperationSection({ method, path, operation }: { method: string; path: string; operation: Operation }) {
  const body = operation.requestBody?.content["application/json"]?.schema;
  const headingId = `op-${operation.operationId}`;
  return (
    <section aria-labelledby={headingId} className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <div>
        <h3 id={headingId} className="flex flex-wrap items-center gap-2 text-base font-semibold">
          <span className={`rounded px-2 py-0.5 font-mono text-xs uppercase ${methodColours[method] ?? "bg-slate-100"}`}>{method}</span>{" "}
          <span className="font-mono">/api/v1{path}</span>
        </h3>
        <p className="mt-1 font-medium">{operation.summary}</p>
        {operation.description && (
          <p className="mt-1 text-sm text-slate-700">
            <Prose text={operation.description} />
          </p>
        )}
        <p className="mt-1 text-sm text-slate-600">{operation.security?.length === 0 ? "No key needed." : "Needs an API key."}</p>
      </div>
      {(["path", "query"] as const).map((where) => {
        const list = (operation.parameters ?? []).filter((parameter) => parameter.in === where);
        if (list.length === 0) return null;
        const title = where === "path" ? "Path parameters" : "Query parameters";
        return (
          <div key={where} className="space-y-2">
            <h4 className="text-sm font-semibold">{title}</h4>
            <FieldTable
              caption={`${title} of ${method.toUpperCase()} ${path}`}
              fields={list.map((parameter) => fieldOf(parameter.name, parameter.schema, parameter.required, parameter.description))}
            />
          </div>
        );
      })}
      {body && (
        <div className="space-y-2">
          <h4 className="text-sm font-semibold">Request body (JSON)</h4>
          <FieldTable caption={`Request body of ${method.toUpperCase()} ${path}`} fields={fieldsOf(body)} />
        </div>
      )}
      <div className="space-y-2">
        <h4 className="text-sm font-semibold">Responses</h4>
        <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm">
          {Object.entries(operation.responses).map(([status, response]) => (
            <div key={status} className="grid grid-cols-[4rem_1fr] gap-3 px-3 py-2">
              <dt className="font-mono font-semibold">{status}</dt>
              <dd className="space-y-1">
                <p>
                  <Prose text={response.description} />
                </p>
                <ResponseBody response={response} />
                {response.headers &&
                  Object.entries(response.headers).map(([header, about]) => (
                    <p key={header} className="text-slate-600">
                      Header <code className="font-mono text-xs">{header}</code>: {about.description}
                    </p>
                  ))}
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}

export default function DevelopersPage() {
  const spec = openApiDocument();
  const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation: operation as Operation })),
  );
  return (
    <main className="mx-auto max-w-4xl space-y-8 px-4 py-10">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">{spec.info.title}</h1>
        <p className="text-slate-700">
          <Prose text={spec.info.description} />
        </p>
        <p className="text-sm text-slate-600">
          Version {spec.info.version}. The same reference as an OpenAPI 3.1 document, for code generators and API clients:{" "}
          <a href="/api/v1/openapi.json" className="underline">
            /api/v1/openapi.json
          </a>
          .
        </p>
      </header>
      <nav aria-label="Operations" className="rounded-xl border border-slate-200 bg-white p-4 text-sm">
        <ul className="space-y-1">
          {operations.map(({ path, method, operation }) => (
            <li key={operation.operationId}>
              <a href={`#op-${operation.operationId}`} className="underline">
                <span className="font-mono uppercase">{method}</span> <span className="font-mono">{path}</span>
              </a>{" "}
              {operation.summary}
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="operations-heading" className="space-y-4">
        <h2 id="operations-heading" className="text-lg font-semibold">
          Operations
        </h2>
        {operations.map(({ path, method, operation }) => (
          <OperationSection key={operation.operationId} method={method} path={path} operation={operation} />
        ))}
      </section>
      <section aria-labelledby="schemas-heading" className="space-y-4">
        <h2 id="schemas-heading" className="text-lg font-semibold">
          Schemas
        </h2>
        {Object.entries(spec.components.schemas).map(([name, schema]) => (
          <div key={name} id={`schema-${name}`} className="space-y-2">
            <h3 className="font-mono text-base font-semibold">{name}</h3>
            {typeof schema.description === "string" && <p className="text-sm text-slate-700">{schema.description}</p>}
            <FieldTable caption={`Fields of ${name}`} fields={fieldsOf(schema)} />
          </div>
        ))}
      </section>
    </main>
  );
}
