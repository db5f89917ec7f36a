// The page libraries chatAPI-noDeps.min.js runs on, loaded as they are (no @types): the tests use
// them only through the platform's own interfaces (src/chat/nodeps-platform.ts).
declare module 'jquery';
declare module 'lodash';
declare module 'underscore';
