// Placeholder types; the generated file uses wailsjs/go/models.ts.

export function ChooseExportFile(arg1:any):Promise<any>;

export function ChooseImportFile():Promise<any>;

export function Export(arg1:any):Promise<any>;

export function ImportInto(arg1:any,arg2:any):Promise<any>;

