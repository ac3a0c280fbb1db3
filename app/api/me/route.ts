import { NextResponse } from "next/server";
import { permissionsOf } from "../../../lib/auth/permissions";
import { currentUser } from "../../../lib/auth/session";

export async function GET() {
  const user = await currentUser();
  if (!user) return NextResponse.json({ error: "sign in first" }, { status: 401 });
  return NextResponse.json({ email: user.email, role: user.role, permissions: permissionsOf(user.role) });
}
