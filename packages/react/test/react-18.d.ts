// The aliased React 18 packages, typed with the installed React types (the test only uses APIs both share).
declare module "react-18" {
  import React = require("react");
  export = React;
}
declare module "react-dom-18/client" {
  export * from "react-dom/client";
}
