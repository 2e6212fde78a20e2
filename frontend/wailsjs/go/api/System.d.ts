// Placeholder types; the generated file uses wailsjs/go/models.ts.

export function Doctor():Promise<any>;

export function UIReady(arg1:any,arg2:any):Promise<any>;

export function Version():Promise<any>;

