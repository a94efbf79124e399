import { describe, expect, it } from "vitest";
import { maskConnectionString, withoutSecrets } from "./secrets-out.js";

describe("maskConnectionString", () => {
  it("masks the password-like values of ODBC and OLE DB strings, and keeps the rest", () => {
    expect(maskConnectionString("odbc:DSN=Sales;UID=etl;PWD=s3cret!;Port=5432")).toBe(
      "odbc:DSN=Sales;UID=etl;PWD=***;Port=5432",
    );
    expect(maskConnectionString('Provider=SQLOLEDB;Password="a;b";User ID=x')).toBe(
      "Provider=SQLOLEDB;Password=***;User ID=x",
    );
    expect(maskConnectionString("Server=db;pwd={x;y}")).toBe("Server=db;pwd=***");
    expect(maskConnectionString("aka:Snowflake_Prod")).toBe("aka:Snowflake_Prod");
  });
});

describe("withoutSecrets", () => {
  it("drops password and secret fields and masks the connection string", () => {
    expect(
      withoutSecrets({
        id: "1",
        userName: "CORP\\svc",
        password: "x",
        clientSecret: "y",
        connectionString: "DSN=a;PWD=b",
      }),
    ).toEqual({ id: "1", userName: "CORP\\svc", connectionString: "DSN=a;PWD=***" });
  });
});
